import { db as defaultDb, type PrismaClient } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { parseLessonDocument, type LessonDocument } from './frontmatter';
import { lessonUrl } from './slug';

export type UpsertStatus = 'created' | 'updated' | 'unchanged';

export interface UpsertResult {
  status: UpsertStatus;
  slug: string;
  url: string;
  revision: number;
}

type Tx = Prisma.TransactionClient;

/** Who writes a revision and why (admin studio); both optional, stored on the LessonRevision. */
export interface RevisionAuthor {
  /** User.id of the signed-in author; omitted for the CLI, the seed and the curl API. */
  actorId?: string;
  /** e.g. "restored revision 2"; omitted for a document written by hand. */
  note?: string;
}

/**
 * Apply a lesson document (front matter + markdown, updateMode "upsert").
 *
 * Validates first (LessonDocumentError, nothing written), then one transaction that
 * - takes advisory locks keyed by the lesson slug and by each category path (root → leaf, so two
 *   writers never wait on each other in opposite order), making concurrent upserts of the same
 *   document end with one lesson and one revision;
 * - creates the missing categories of categoryPath (found by path, named as written);
 * - creates the lesson, or updates it in place and appends a LessonRevision with the full source
 *   when its content hash changed. The same document twice is a no-op ('unchanged').
 */
export async function upsertLessonDocument(
  source: string,
  opts: { client?: PrismaClient } & RevisionAuthor = {},
): Promise<UpsertResult> {
  const doc = parseLessonDocument(source);
  const client = opts.client ?? defaultDb;
  return client.$transaction((tx) => applyDocument(tx, doc, opts), { maxWait: 10_000, timeout: 30_000 });
}

/**
 * The same upsert inside a transaction the caller owns (the studio's import applies many documents
 * in one transaction, and its dry run rolls that transaction back). Throws LessonDocumentError.
 */
export async function applyLessonDocument(tx: Tx, source: string, author: RevisionAuthor = {}): Promise<UpsertResult> {
  return applyDocument(tx, parseLessonDocument(source), author);
}

async function advisoryLock(tx: Tx, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}::text, 0))`;
}

async function applyDocument(tx: Tx, doc: LessonDocument, author: RevisionAuthor = {}): Promise<UpsertResult> {
  const by = { authorId: author.actorId ?? null, note: author.note ?? null };
  const { slug, frontMatter: fm } = doc;
  const url = lessonUrl(slug);
  await advisoryLock(tx, `layerlab:lesson:${slug}`);

  const categoryId = await ensureCategoryPath(tx, fm.categoryPath, doc.categorySlugs);
  const fields = {
    title: fm.title,
    categoryId,
    authorNick: fm.authorNick,
    authoredOn: fm.createdAt,
    body: doc.body,
    contentHash: doc.contentHash,
  };

  const existing = await tx.lesson.findUnique({
    where: { slug },
    select: { id: true, revision: true, contentHash: true, categoryId: true },
  });

  if (!existing) {
    const lesson = await tx.lesson.create({ data: { slug, ...fields, revision: 1 }, select: { id: true } });
    await tx.lessonRevision.create({
      data: { lessonId: lesson.id, revision: 1, source: doc.source, contentHash: doc.contentHash, ...by },
    });
    return { status: 'created', slug, url, revision: 1 };
  }

  if (existing.contentHash === doc.contentHash) {
    // Same document. Only repair a category link that was changed behind our back.
    if (existing.categoryId !== categoryId) {
      await tx.lesson.update({ where: { id: existing.id }, data: { categoryId } });
    }
    return { status: 'unchanged', slug, url, revision: existing.revision };
  }

  const revision = existing.revision + 1;
  await tx.lesson.update({ where: { id: existing.id }, data: { ...fields, revision } });
  await tx.lessonRevision.create({
    data: { lessonId: existing.id, revision, source: doc.source, contentHash: doc.contentHash, ...by },
  });
  return { status: 'updated', slug, url, revision };
}

/** Find or create every category along the path; returns the innermost one's id. */
async function ensureCategoryPath(tx: Tx, names: readonly string[], slugs: readonly string[]): Promise<string> {
  let parentId: string | null = null;
  for (let i = 0; i < slugs.length; i++) {
    const path = slugs.slice(0, i + 1).join('/');
    await advisoryLock(tx, `layerlab:category:${path}`);
    const found: { id: string } | null = await tx.category.findUnique({ where: { path }, select: { id: true } });
    const id: string = found
      ? found.id
      : (
          await tx.category.create({
            data: { path, slug: slugs[i], name: names[i], parentId },
            select: { id: true },
          })
        ).id;
    parentId = id;
  }
  if (parentId === null) throw new Error('categoryPath is empty'); // the schema forbids it
  return parentId;
}
