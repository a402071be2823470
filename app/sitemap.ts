import type { MetadataRoute } from 'next';
import { listLessonsForSitemap } from '@/lib/content/queries';
import { lessonUrl } from '@/lib/content/slug';
import { publicOrigin, readingRequiresSignIn } from '@/lib/env';
import { listLabs } from '@/lib/labs/loader';

// Rendered per request: two small queries, and the origin (LAYERLAB_PUBLIC_URL / NEXTAUTH_URL) is
// read at run time rather than baked in at build time.
export const dynamic = 'force-dynamic';

/** The public pages: the lesson index, every lesson and every lab. Empty when reading needs a sign-in. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  if (readingRequiresSignIn()) return [];
  const origin = publicOrigin();
  const [lessons, labs] = await Promise.all([listLessonsForSitemap(), listLabs().catch(() => [])]);
  return [
    { url: `${origin}/lessons`, changeFrequency: 'weekly', priority: 0.8 },
    ...lessons.map((l) => ({ url: `${origin}${lessonUrl(l.slug)}`, lastModified: l.updatedAt, changeFrequency: 'weekly' as const, priority: 0.7 })),
    { url: `${origin}/labs`, changeFrequency: 'monthly', priority: 0.5 },
    ...labs.map((lab) => ({ url: `${origin}/labs/${encodeURIComponent(lab.id)}`, changeFrequency: 'monthly' as const, priority: 0.5 })),
  ];
}
