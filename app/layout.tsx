import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { publicOrigin } from '@/lib/env';
import { SiteHeader } from './_components/site-header';
import './globals.css';

export function generateMetadata(): Metadata {
  return {
    metadataBase: new URL(publicOrigin()),
    title: { default: 'LayerLab', template: '%s · LayerLab' },
    description: 'Learn Docker image layers and build caching, graded by real Docker builds.',
    openGraph: { siteName: 'LayerLab', type: 'website', locale: 'ko_KR' },
  };
}

/**
 * Reads no cookies: the per-user header comes from /api/me in the browser, so pages below can be
 * static (the lesson pages are). Pages check access themselves.
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="ko">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="container">
          {children}
        </main>
      </body>
    </html>
  );
}
