import { db as defaultDb, type PrismaClient } from '../db/client';

export interface LessonLink {
  slug: string;
  title: string;
}

export interface CategoryNode {
  id: string;
  path: string;
  slug: string;
  name: string;
  position: number;
  children: CategoryNode[];
  lessons: LessonLink[];
}

export interface BreadcrumbItem {
  name: string;
  path: string;
}

export interface LessonView {
  id: string;
  slug: string;
  title: string;
  authorNick: string;
  authoredOn: string;
  body: string;
  /** 'md' or 'mdx'. */
  format: string;
  /** The first paragraph (page description). */
  description: string;
  contentHash: string;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  category: { id: string; path: string; name: string };
  /** Category names from the root to the lesson's own category. */
  breadcrumb: BreadcrumbItem[];
}

const collator = new Intl.Collator('ko', { numeric: true, sensitivity: 'base' });

/** Order by position, then by name with numbers compared as numbers ("3.9" before "3.10"). */
function byPositionThenName(a: { position: number; name: string }, b: { position: number; name: string }): number {
  return a.position - b.position || collator.compare(a.name, b.name);
}

/** The whole category tree with each category's lessons (two queries; the tree is small). */
export async function getCategoryTree(client: PrismaClient = defaultDb): Promise<CategoryNode[]> {
  const [categories, lessons] = await Promise.all([
    client.category.findMany({ select: { id: true, path: true, slug: true, name: true, position: true, parentId: true } }),
    client.lesson.findMany({ where: { deletedAt: null }, select: { slug: true, title: true, categoryId: true } }),
  ]);
  const nodes = new Map<string, CategoryNode & { parentId: string | null }>();
  for (const c of categories) nodes.set(c.id, { ...c, children: [], lessons: [] });
  for (const l of lessons) nodes.get(l.categoryId)?.lessons.push({ slug: l.slug, title: l.title });
  const roots: CategoryNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  const strip = (n: CategoryNode & { parentId?: string | null }): CategoryNode => ({
    id: n.id,
    path: n.path,
    slug: n.slug,
    name: n.name,
    position: n.position,
    children: n.children.sort(byPositionThenName).map(strip),
    lessons: n.lessons.sort((a, b) => collator.compare(a.title, b.title)),
  });
  return roots.sort(byPositionThenName).map(strip);
}

/** One lesson with its breadcrumb, or null (also for a soft-deleted lesson). `slug` is the decoded slug. */
export async function getLessonBySlug(slug: string, client: PrismaClient = defaultDb): Promise<LessonView | null> {
  const lesson = await client.lesson.findFirst({
    where: { slug, deletedAt: null },
    select: {
      id: true,
      slug: true,
      title: true,
      authorNick: true,
      authoredOn: true,
      body: true,
      format: true,
      description: true,
      contentHash: true,
      revision: true,
      createdAt: true,
      updatedAt: true,
      category: { select: { id: true, path: true, name: true } },
    },
  });
  if (!lesson) return null;
  const segments = lesson.category.path.split('/');
  const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
  const ancestors = await client.category.findMany({
    where: { path: { in: prefixes } },
    select: { name: true, path: true },
  });
  const byPath = new Map(ancestors.map((a) => [a.path, a]));
  const breadcrumb = prefixes.flatMap((p) => {
    const a = byPath.get(p);
    return a ? [{ name: a.name, path: a.path }] : [];
  });
  return { ...lesson, breadcrumb };
}

/** Every public (not soft-deleted) lesson's URL data for sitemap.xml, newest change first. */
export async function listLessonsForSitemap(client: PrismaClient = defaultDb): Promise<{ slug: string; updatedAt: Date }[]> {
  return client.lesson.findMany({ where: { deletedAt: null }, select: { slug: true, updatedAt: true }, orderBy: { updatedAt: 'desc' } });
}
