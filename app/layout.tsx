import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getCurrentUser, type SessionUser } from '@/lib/auth/session';
import { SiteHeader } from './_components/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'LayerLab', template: '%s · LayerLab' },
  description: 'Learn Docker image layers and build caching, graded by real Docker builds.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  let user: SessionUser | null = null;
  try {
    user = await getCurrentUser();
  } catch (err) {
    // The header must not take every page down; pages check access themselves.
    console.error('getCurrentUser failed in the root layout', err);
  }
  return (
    <html lang="ko">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader user={user} />
        <main id="main" className="container">
          {children}
        </main>
      </body>
    </html>
  );
}
