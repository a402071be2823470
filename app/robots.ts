import type { MetadataRoute } from 'next';
import { publicOrigin, readingRequiresSignIn } from '@/lib/env';

export const dynamic = 'force-dynamic'; // reads the settings at run time, not at build time

/** Lessons and labs may be indexed; accounts, submissions and admin pages may not. */
export default function robots(): MetadataRoute.Robots {
  if (readingRequiresSignIn()) return { rules: { userAgent: '*', disallow: '/' } };
  return {
    rules: {
      userAgent: '*',
      allow: ['/', '/lessons', '/labs'],
      disallow: ['/api/', '/admin', '/teacher', '/submissions', '/login', '/search'],
    },
    sitemap: `${publicOrigin()}/sitemap.xml`,
  };
}
