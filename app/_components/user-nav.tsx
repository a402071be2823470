'use client';

import './zod-jitless'; // loaded on every page: no zod code-generation probe under the CSP
import Link from 'next/link';
import { navItemsFor } from './nav';
import { NavLink } from './nav-link';
import { SignOutButton } from './sign-out-button';
import { useMe } from './use-me';

/**
 * The header's per-user part, rendered in the browser from /api/me so that every page (the static
 * lesson pages included) is the same HTML for everyone. Until the answer arrives it shows the
 * anonymous links and an empty user slot.
 */
export function UserNav() {
  const me = useMe();
  const user = me?.user ?? null;
  const items = navItemsFor(user?.role ?? null);
  return (
    <>
      <nav aria-label="Main" className="site-nav">
        {items.map((item) => (
          <NavLink key={item.href} href={item.href}>
            {item.label}
          </NavLink>
        ))}
      </nav>
      <div className="site-header__user" data-testid="user-slot" data-state={me ? 'ready' : 'loading'}>
        {!me ? null : user ? (
          <>
            <Link className="user-chip" href="/account" title={`${user.email}: your account and password`}>
              {user.name} <small className="role">{user.role.toLowerCase()}</small>
            </Link>
            <SignOutButton />
          </>
        ) : (
          <Link className="button button--small" href="/login">
            Sign in
          </Link>
        )}
      </div>
    </>
  );
}
