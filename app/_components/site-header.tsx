import Link from 'next/link';
import { HeaderMenu } from './header-menu';
import { UserNav } from './user-nav';
import './site-header.css';

/**
 * The site header. Server-rendered the same for everyone (so pages can be static); the role's
 * links and the user chip come from <UserNav/> in the browser. The search box is a plain GET form.
 * On a phone they fold behind a menu button (<HeaderMenu/>).
 */
export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link href="/" className="brand">
          Layer<span>Lab</span>
        </Link>
        <HeaderMenu>
          <UserNav />
          <form action="/search" method="get" role="search" className="site-search">
            <input type="search" name="q" aria-label="Search lessons" placeholder="Search lessons" maxLength={100} />
          </form>
        </HeaderMenu>
      </div>
    </header>
  );
}
