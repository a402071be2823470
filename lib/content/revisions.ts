import { db as defaultDb, type PrismaClient } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { parseLessonDocument } from './frontmatter';
import { withCategoryPath } from './front-matter-rewrite';
import { StudioError } from './studio-error';
import { applyLessonDocument, type RevisionAuthor, type UpsertResult } from './upsert';

/** One stored version of a lesson, as the studio lists it. */
export interface RevisionSummary {
  revision: number;
  createdAt: Date;
  /** The admin who wrote it in the studio; null for the CLI, the seed and the curl API. */
  author: { name: string; email: string } | null;
  note: string | null;
  contentHash: string;
  /** True for the revision the lesson shows now. */
  current: boolean;
}

/** Every revision of a lesson, newest first. Throws StudioError 404 for an unknown lesson. */
export async function listRevisions(lessonId: string, client: PrismaClient = defaultDb): Promise<RevisionSummary[]> {
  const lesson = await client.lesson.findUnique({
    where: { id: lessonId },
    select: {
      revision: true,
      revisions: {
        orderBy: { revision: 'desc' },
        select: { revision: true, createdAt: true, note: true, contentHash: true, author: { select: { name: true, email: true } } },
      },
    },
  });
  if (!lesson) throw new StudioError(404, 'No such lesson.');
  return lesson.revisions.map((r) => ({ ...r, current: r.revision === lesson.revision }));
}

/** The stored document of one revision. Throws StudioError 404. */
export async function getRevisionSource(lessonId: string, revision: number, client: PrismaClient = defaultDb): Promise<string> {
  const row = await client.lessonRevision.findUnique({
    where: { lessonId_revision: { lessonId, revision } },
    select: { source: true },
  });
  if (!row) throw new StudioError(404, `The lesson has no revision ${revision}.`);
  return row.source;
}

/**
 * Make revision `revision` current again by upserting its document through the same upsert as
 * the API: that writes a NEW revision (note "restored revision N"), so the history only grows.
 * Restoring the revision that is already current changes nothing ('unchanged'). The restored document
 * keeps the lesson's CURRENT categoryPath, so a category renamed or moved since is not undone.
 * Throws StudioError 404 (no such lesson/revision) or 409 (the old document now names another lesson).
 */
export async function restoreRevision(
  lessonId: string,
  revision: number,
  author: RevisionAuthor = {},
  client: PrismaClient = defaultDb,
): Promise<UpsertResult> {
  return client.$transaction(async (tx) => {
    const lesson = await tx.lesson.findUnique({ where: { id: lessonId }, select: { slug: true, categoryId: true } });
    if (!lesson) throw new StudioError(404, 'No such lesson.');
    const row = await tx.lessonRevision.findUnique({
      where: { lessonId_revision: { lessonId, revision } },
      select: { source: true },
    });
    if (!row) throw new StudioError(404, `The lesson has no revision ${revision}.`);
    // The lesson stays where it is now: a category renamed or moved since that revision is not undone.
    const current = await categoryNames(tx, lesson.categoryId);
    const source = samePath(categoryPathOf(row.source), current) ? row.source : withCategoryPath(row.source, current);
    const result = await applyLessonDocument(tx, source, { ...author, note: author.note ?? `restored revision ${revision}` }, { lessonId });
    if (result.slug !== lesson.slug) {
      // The upsert found (or made) another lesson: undo by failing the transaction.
      throw new StudioError(409, `Revision ${revision} belongs to the URL "${result.slug}", not this lesson's "${lesson.slug}".`);
    }
    return result;
  }, { maxWait: 10_000, timeout: 30_000 });
}

/** The names along a category's path, outermost first (the `categoryPath` of a lesson filed there). */
async function categoryNames(tx: Prisma.TransactionClient, categoryId: string): Promise<string[]> {
  const names: string[] = [];
  for (let id: string | null = categoryId, hops = 0; id && hops < 50; hops++) {
    const c: { name: string; parentId: string | null } | null = await tx.category.findUnique({ where: { id }, select: { name: true, parentId: true } });
    if (!c) break;
    names.unshift(c.name);
    id = c.parentId;
  }
  return names;
}

function categoryPathOf(source: string): string[] | undefined {
  try {
    return parseLessonDocument(source).frontMatter.categoryPath;
  } catch {
    return undefined; // an old document the rules no longer accept: the upsert will say why
  }
}

const samePath = (a: readonly string[] | undefined, b: readonly string[]) => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
