import type { MetadataRoute } from 'next';
import { listLessonsForSitemap } from '@/lib/content/queries';
import { lessonUrl } from '@/lib/content/slug';
import { publicOrigin, readingRequiresSignIn } from '@/lib/env';
import { listLabs } from '@/lib/labs/loader';

// Cached like the lesson pages; every lesson write revalidates /sitemap.xml (lib/content/revalidate.ts).
export const revalidate = false;

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
