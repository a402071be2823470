import Link from 'next/link';
import type { SessionUser } from '@/lib/auth/session';
import { navItemsFor } from './nav';
import { NavLink } from './nav-link';
import { SignOutButton } from './sign-out-button';

export function SiteHeader({ user }: { user: SessionUser | null }) {
  const items = navItemsFor(user?.role ?? null);
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link href="/" className="brand">
          Layer<span>Lab</span>
        </Link>
        <nav aria-label="Main" className="site-nav">
          {items.map((item) => (
            <NavLink key={item.href} href={item.href}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="site-header__user">
          {user ? (
            <>
              <span className="user-chip" title={user.email}>
                {user.name} <small className="role">{user.role.toLowerCase()}</small>
              </span>
              <SignOutButton />
            </>
          ) : (
            <Link className="button button--small" href="/login">
              Sign in
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}
