import type { Prisma } from '../generated/prisma/client';

/**
 * Advisory locks shared with the upsert (lib/content/upsert.ts), which takes
 * `layerlab:lesson:<slug>` and then `layerlab:category:<path>` for each category of its chain, root
 * to leaf. Studio operations that touch many lessons and categories in one transaction take ALL of
 * theirs up front in that global order — lessons sorted, then category paths with their ancestors
 * sorted (a prefix sorts before its extensions, so a root → leaf chain is sorted order) — and so
 * can neither deadlock with an upsert nor with each other. Locks are held until the transaction ends.
 */
type Tx = Prisma.TransactionClient;

export async function advisoryLock(tx: Tx, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}::text, 0))`;
}

/** Every path and all of its ancestors ('a/b/c' → 'a', 'a/b', 'a/b/c'), sorted. */
export function withAncestors(paths: Iterable<string>): string[] {
  const all = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i <= parts.length; i++) all.add(parts.slice(0, i).join('/'));
  }
  return [...all].sort();
}

/** Lock lessons (by slug) and categories (by path, ancestors included) in the global order. */
export async function lockLessonsAndCategories(tx: Tx, slugs: Iterable<string>, categoryPaths: Iterable<string>): Promise<void> {
  for (const slug of [...new Set(slugs)].sort()) await advisoryLock(tx, `layerlab:lesson:${slug}`);
  for (const path of withAncestors(categoryPaths)) await advisoryLock(tx, `layerlab:category:${path}`);
}
