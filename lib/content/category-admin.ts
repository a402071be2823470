import { db as defaultDb, type PrismaClient } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { compareCategories } from './category-order';
import { LessonDocumentError } from './frontmatter';
import { advisoryLock, lockLessonsAndCategories } from './locks';
import { withCategoryPath } from './front-matter-rewrite';
import { slugify } from './slug';
import { StudioError } from './studio-error';
import { applyLessonDocument, type RevisionAuthor } from './upsert';

/**
 * The admin studio's category operations: create, rename, move (reparent), reorder, delete when
 * empty. Each runs in one transaction that also rewrites the `categoryPath` of every lesson filed
 * below a renamed or moved category (a new revision through the same upsert as the API), so a
 * lesson's stored document, its Category link and Category.path always agree.
 *
 * Rules (the front-matter schema's, lib/content/frontmatter.ts): a name is 1–200 characters with at
 * least one letter or digit; a tree is at most 10 levels deep; siblings have distinct slugs (the
 * slug of a name, lib/content/slug.ts, is its URL segment). Refusals throw StudioError.
 */

type Tx = Prisma.TransactionClient;
type Node = { id: string; path: string; slug: string; name: string; position: number; parentId: string | null };

export const MAX_CATEGORY_DEPTH = 10;
const TX_OPTS = { maxWait: 10_000, timeout: 60_000 };

/** Thrown inside a transaction to roll it back and run the edit again (withRetry). */
class RetryEdit extends Error {
  constructor() {
    super('a lesson was filed into the category meanwhile; retrying');
  }
}

/** Run a tree edit, again (up to 5 times) when it rolled itself back with RetryEdit. */
async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof RetryEdit) || attempt >= 5) {
        if (err instanceof RetryEdit) throw new StudioError(409, 'Lessons kept arriving in that category; try again in a moment.');
        throw err;
      }
    }
  }
}

export interface CategoryRef {
  id: string;
  path: string;
  name: string;
}

function checkName(raw: string): { name: string; slug: string } {
  const name = raw.trim();
  if (!name) throw new StudioError(400, 'The category name must not be empty.');
  if (name.length > 200) throw new StudioError(400, 'The category name must be at most 200 characters.');
  const slug = slugify(name);
  if (!slug) throw new StudioError(400, `The category name "${name}" needs at least one letter or digit.`);
  return { name, slug };
}

/**
 * Serialise studio tree edits (one tree edit at a time), then lock the lessons and category paths
 * the edit touches in the global order of lib/content/locks.ts.
 */
async function lockTree(tx: Tx, paths: Iterable<string>, lessonSlugs: Iterable<string> = []): Promise<void> {
  await advisoryLock(tx, 'layerlab:category-tree');
  await lockLessonsAndCategories(tx, lessonSlugs, paths);
}

async function loadTree(tx: Tx): Promise<Map<string, Node>> {
  const rows = await tx.category.findMany({
    select: { id: true, path: true, slug: true, name: true, position: true, parentId: true },
  });
  return new Map(rows.map((r) => [r.id, r]));
}

function get(tree: Map<string, Node>, id: string): Node {
  const node = tree.get(id);
  if (!node) throw new StudioError(404, 'No such category (it may have been deleted meanwhile).');
  return node;
}

const depthOf = (path: string) => path.split('/').length;

function subtreeOf(tree: Map<string, Node>, root: Node): Node[] {
  return [...tree.values()].filter((n) => n.path === root.path || n.path.startsWith(`${root.path}/`));
}

function siblingsOf(tree: Map<string, Node>, parentId: string | null): Node[] {
  return [...tree.values()].filter((n) => n.parentId === parentId).sort(compareCategories);
}

function assertFreeSlug(tree: Map<string, Node>, parentId: string | null, slug: string, except?: string): void {
  const clash = siblingsOf(tree, parentId).find((n) => n.slug === slug && n.id !== except);
  if (clash) {
    throw new StudioError(409, `A category "${clash.name}" with the same URL segment "${slug}" already exists there.`);
  }
}

/** Create a category under `parentId` (null: at the root), placed after its siblings. */
export async function createCategory(
  input: { name: string; parentId?: string | null },
  client: PrismaClient = defaultDb,
): Promise<CategoryRef> {
  const { name, slug } = checkName(input.name);
  const parentId = input.parentId ?? null;
  return client.$transaction(async (tx) => {
    await lockTree(tx, []);
    const tree = await loadTree(tx);
    const parent = parentId ? get(tree, parentId) : null;
    const path = parent ? `${parent.path}/${slug}` : slug;
    if (depthOf(path) > MAX_CATEGORY_DEPTH) {
      throw new StudioError(400, `Categories nest at most ${MAX_CATEGORY_DEPTH} levels deep.`);
    }
    await lockTree(tx, [path]);
    assertFreeSlug(tree, parentId, slug);
    const siblings = siblingsOf(tree, parentId);
    const position = siblings.length ? Math.max(...siblings.map((s) => s.position)) + 1 : 0;
    return tx.category.create({ data: { path, slug, name, parentId, position }, select: { id: true, path: true, name: true } });
  }, TX_OPTS);
}

/** Rename a category: its slug, its path and its descendants' paths follow, and so do the lessons. */
export async function renameCategory(
  id: string,
  newName: string,
  author: RevisionAuthor = {},
  client: PrismaClient = defaultDb,
): Promise<CategoryRef> {
  const { name } = checkName(newName);
  return withRetry(() => client.$transaction(async (tx) => {
    await lockTree(tx, []);
    const tree = await loadTree(tx);
    const node = get(tree, id);
    if (node.name === name) return { id, path: node.path, name };
    return relocate(tx, tree, node, { name, parentId: node.parentId }, {
      ...author,
      note: author.note ?? `category "${node.name}" renamed to "${name}"`,
    });
  }, TX_OPTS));
}

/** Move a category (with everything below it) under `parentId` (null: to the root), placed last. */
export async function moveCategory(
  id: string,
  parentId: string | null,
  author: RevisionAuthor = {},
  client: PrismaClient = defaultDb,
): Promise<CategoryRef> {
  return withRetry(() => client.$transaction(async (tx) => {
    await lockTree(tx, []);
    const tree = await loadTree(tx);
    const node = get(tree, id);
    if (node.parentId === parentId) return { id, path: node.path, name: node.name };
    const target = parentId ? get(tree, parentId) : null;
    if (target && (target.id === node.id || target.path.startsWith(`${node.path}/`))) {
      throw new StudioError(400, `"${node.name}" cannot move into itself or one of its own subcategories.`);
    }
    return relocate(tx, tree, node, { name: node.name, parentId }, {
      ...author,
      note: author.note ?? `category "${node.name}" moved under "${target?.name ?? '(top level)'}"`,
    });
  }, TX_OPTS));
}

/**
 * Give `node` a new name and/or parent: rewrite the paths of its subtree, then every lesson filed in
 * that subtree gets a new revision whose categoryPath names the new chain.
 */
async function relocate(
  tx: Tx,
  tree: Map<string, Node>,
  node: Node,
  to: { name: string; parentId: string | null },
  author: RevisionAuthor,
): Promise<CategoryRef> {
  const slug = slugify(to.name);
  const parent = to.parentId ? get(tree, to.parentId) : null;
  const newPath = parent ? `${parent.path}/${slug}` : slug;
  const subtree = subtreeOf(tree, node);
  const deepest = Math.max(...subtree.map((n) => depthOf(n.path)));
  if (deepest - depthOf(node.path) + depthOf(newPath) > MAX_CATEGORY_DEPTH) {
    throw new StudioError(400, `That would nest categories more than ${MAX_CATEGORY_DEPTH} levels deep.`);
  }
  assertFreeSlug(tree, to.parentId, slug, node.id);

  const renamed = (p: string) => newPath + p.slice(node.path.length);
  // The lessons to refile are locked with the paths, so a concurrent upsert of one of them either
  // finishes first or waits for this edit.
  const affected = await tx.lesson.findMany({ where: { categoryId: { in: subtree.map((n) => n.id) } }, select: { slug: true } });
  await lockTree(tx, [...subtree.map((n) => n.path), ...subtree.map((n) => renamed(n.path))], affected.map((l) => l.slug));

  const siblings = siblingsOf(tree, to.parentId).filter((s) => s.id !== node.id);
  const position =
    to.parentId === node.parentId
      ? node.position
      : siblings.length
        ? Math.max(...siblings.map((s) => s.position)) + 1
        : 0;
  // Paths are unique: move the subtree through temporary paths first, so a rename like
  // "a" → "a-b" never collides with a descendant's old path on the way.
  for (const n of subtree) {
    await tx.category.update({ where: { id: n.id }, data: { path: `~moving~${n.id}` } });
  }
  for (const n of subtree) {
    const data: Prisma.CategoryUncheckedUpdateInput = { path: renamed(n.path) };
    if (n.id === node.id) Object.assign(data, { name: to.name, slug, parentId: to.parentId, position });
    await tx.category.update({ where: { id: n.id }, data });
    tree.set(n.id, { ...n, path: renamed(n.path), ...(n.id === node.id ? { name: to.name, slug, parentId: to.parentId, position } : {}) });
  }
  // A lesson upserted into the subtree between the read above and the locks would be refiled with
  // its lock taken out of order (a deadlock risk): start over instead (see withRetry).
  const now = await tx.lesson.findMany({ where: { categoryId: { in: subtree.map((n) => n.id) } }, select: { slug: true } });
  const locked = new Set(affected.map((l) => l.slug));
  if (now.some((l) => !locked.has(l.slug))) throw new RetryEdit();
  await rewriteLessonsUnder(tx, tree, subtree.map((n) => n.id), author);
  return { id: node.id, path: newPath, name: to.name };
}

/** Names from the root to category `id`, outermost first. */
function namesOf(tree: Map<string, Node>, id: string): string[] {
  const names: string[] = [];
  for (let n: Node | undefined = tree.get(id); n; n = n.parentId ? tree.get(n.parentId) : undefined) names.unshift(n.name);
  return names;
}

async function rewriteLessonsUnder(tx: Tx, tree: Map<string, Node>, categoryIds: string[], author: RevisionAuthor): Promise<void> {
  const lessons = await tx.lesson.findMany({
    where: { categoryId: { in: categoryIds } },
    select: { id: true, slug: true, title: true, categoryId: true, revision: true },
    orderBy: { slug: 'asc' },
  });
  for (const lesson of lessons) {
    const current = await tx.lessonRevision.findUnique({
      where: { lessonId_revision: { lessonId: lesson.id, revision: lesson.revision } },
      select: { source: true },
    });
    if (!current) continue; // every lesson has its current revision; nothing to rewrite otherwise
    const source = withCategoryPath(current.source, namesOf(tree, lesson.categoryId));
    try {
      await applyLessonDocument(tx, source, author, { lessonId: lesson.id });
    } catch (err) {
      if (err instanceof LessonDocumentError) {
        throw new StudioError(
          409,
          `The lesson "${lesson.title}" (${lesson.slug}) could not be refiled: ${err.message}. Fix that lesson first.`,
        );
      }
      throw err;
    }
  }
}

/**
 * Put category `id` at index `position` (0-based, clamped) among its siblings; the siblings are
 * renumbered 0…n-1 in the resulting order. No lesson changes: order is not part of a document.
 */
export async function reorderCategory(id: string, position: number, client: PrismaClient = defaultDb): Promise<void> {
  await client.$transaction(async (tx) => {
    await lockTree(tx, []);
    const tree = await loadTree(tx);
    const node = get(tree, id);
    const others = siblingsOf(tree, node.parentId).filter((s) => s.id !== id);
    const at = Math.max(0, Math.min(Math.trunc(position), others.length));
    const ordered = [...others.slice(0, at), node, ...others.slice(at)];
    for (const [i, n] of ordered.entries()) {
      if (n.position !== i) await tx.category.update({ where: { id: n.id }, data: { position: i } });
    }
  }, TX_OPTS);
}

/** Delete a category that has no subcategories and no lessons (soft-deleted lessons count: they can come back). */
export async function deleteCategory(id: string, client: PrismaClient = defaultDb): Promise<void> {
  await client.$transaction(async (tx) => {
    await lockTree(tx, []);
    const node = await tx.category.findUnique({
      where: { id },
      select: { name: true, path: true, _count: { select: { children: true, lessons: true } } },
    });
    if (!node) throw new StudioError(404, 'No such category (it may have been deleted meanwhile).');
    await lockTree(tx, [node.path]);
    const deleted = await tx.lesson.count({ where: { categoryId: id, deletedAt: { not: null } } });
    if (node._count.children > 0 || node._count.lessons > 0) {
      const parts = [
        node._count.children ? `${node._count.children} subcategor${node._count.children === 1 ? 'y' : 'ies'}` : '',
        node._count.lessons
          ? `${node._count.lessons} lesson${node._count.lessons === 1 ? '' : 's'}${deleted ? ` (${deleted} deleted, restorable)` : ''}`
          : '',
      ].filter(Boolean);
      throw new StudioError(409, `"${node.name}" is not empty: it holds ${parts.join(' and ')}. Move or delete those first.`);
    }
    await tx.category.delete({ where: { id } });
  }, TX_OPTS);
}

export interface AdminCategoryNode {
  id: string;
  path: string;
  name: string;
  position: number;
  children: AdminCategoryNode[];
  lessons: { id: string; slug: string; title: string; deleted: boolean }[];
}

/** The whole tree for the studio, deleted lessons included (marked), siblings in display order. */
export async function getAdminCategoryTree(client: PrismaClient = defaultDb): Promise<AdminCategoryNode[]> {
  const [categories, lessons] = await Promise.all([
    client.category.findMany({ select: { id: true, path: true, slug: true, name: true, position: true, parentId: true } }),
    client.lesson.findMany({ select: { id: true, slug: true, title: true, categoryId: true, deletedAt: true }, orderBy: { title: 'asc' } }),
  ]);
  const build = (parentId: string | null): AdminCategoryNode[] =>
    categories
      .filter((c) => c.parentId === parentId)
      .sort(compareCategories)
      .map((c) => ({
        id: c.id,
        path: c.path,
        name: c.name,
        position: c.position,
        children: build(c.id),
        lessons: lessons
          .filter((l) => l.categoryId === c.id)
          .map((l) => ({ id: l.id, slug: l.slug, title: l.title, deleted: l.deletedAt !== null })),
      }));
  return build(null);
}
