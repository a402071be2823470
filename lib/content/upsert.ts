import { db as defaultDb, type PrismaClient } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { LessonDocumentError, parseLessonDocument, type LessonDocument } from './frontmatter';
import { parseMdxBody, labReferences } from './mdx/validate';
import { lessonOutline } from './outline';
import { revalidateLessonPages } from './revalidate';
import { lessonUrl } from './slug';

export type UpsertStatus = 'created' | 'updated' | 'unchanged';

export interface UpsertResult {
  status: UpsertStatus;
  slug: string;
  url: string;
  /** The lesson's revision after the upsert (for a dry run: what it would be). */
  revision: number;
}

type Tx = Prisma.TransactionClient;

/** The lesson a conflicting document would have overwritten. */
export interface ConflictingLesson {
  slug: string;
  title: string;
  url: string;
}

/** Who writes a revision and why (admin studio); both optional, stored on the LessonRevision. */
export interface RevisionAuthor {
  /** User.id of the signed-in author; omitted for the CLI, the seed and the curl API. */
  actorId?: string;
  /** e.g. "restored revision 2"; omitted for a document written by hand. */
  note?: string;
}

/**
 * A document without `slug` whose title gives the key of a different existing lesson (another
 * title with the same slug, or a lesson whose key was set explicitly). Nothing is written; the
 * route answers 409 naming the other lesson.
 */
export class LessonKeyConflictError extends Error {
  readonly key: string;
  readonly other: ConflictingLesson;
  constructor(key: string, other: ConflictingLesson, title: string) {
    super(
      `The title "${title}" gives the key "${key}", which belongs to the lesson "${other.title}" (${other.url}). ` +
        `To update that lesson, use its exact title or add \`slug: ${key}\`; to create a separate lesson, add a different \`slug\`.`,
    );
    this.name = 'LessonKeyConflictError';
    this.key = key;
    this.other = other;
  }
}

export interface UpsertOptions {
  /** Prisma client to use (tests); default the app's. */
  client?: PrismaClient;
  /** Run inside this transaction instead of opening one (e.g. a batch import applying many documents atomically). */
  tx?: Tx;
  /** Decide only: validate and report created/updated/unchanged (or throw the same errors) without writing. */
  dryRun?: boolean;
  /**
   * Drop the cached lesson pages after a write (default true). Works inside Next (route handler,
   * server action); outside Next it does nothing — scripts call `pingRevalidate` (./revalidate.ts).
   * Callers passing `tx` should revalidate after their own commit.
   */
  revalidate?: boolean;
}

/**
 * Apply a lesson document (front matter + md/mdx body, updateMode "upsert"). The one write path
 * for lessons: the admin API, the studio and `npm run db:seed` all call it.
 *
 * Validates first (LessonDocumentError with field/line/column, nothing written): front matter,
 * the MDX body (./mdx/validate.ts) and every `<Lab id>` against the labs on disk. Then one
 * transaction that
 * - takes advisory locks keyed by the lesson key and by each category path (root → leaf, so two
 *   writers never wait on each other in opposite order), making concurrent upserts of the same
 *   document end with one lesson and one revision;
 * - finds the lesson by its stable key (`slug`): a document with an explicit `slug` updates that
 *   lesson; one without updates only a lesson whose key also came from the same title — any other
 *   lesson holding the key is a LessonKeyConflictError (409), never overwritten or moved;
 * - creates the missing categories of categoryPath (found by path, named as written);
 * - creates the lesson, or updates it in place and appends a LessonRevision with the full source
 *   when its content hash changed. The same document twice is a no-op ('unchanged').
 * After the commit the cached lesson pages are revalidated (see `UpsertOptions.revalidate`).
 */
export async function upsertLessonDocument(source: string, opts: UpsertOptions & RevisionAuthor = {}): Promise<UpsertResult> {
  const doc = parseLessonDocument(source);
  await checkLabReferences(doc);
  const client = opts.client ?? defaultDb;
  const apply = (tx: Tx) => (opts.dryRun ? planDocument(tx, doc) : applyDocument(tx, doc, opts));
  const result = opts.tx
    ? await apply(opts.tx)
    : await client.$transaction(apply, { maxWait: 10_000, timeout: 30_000 });
  if (!opts.dryRun && !opts.tx && opts.revalidate !== false && result.status !== 'unchanged') {
    await revalidateLessonPages();
  }
  return result;
}

/** `<Lab id="…"/>` must name a lab that exists (labs/<id>/lab.yaml). */
async function checkLabReferences(doc: LessonDocument): Promise<void> {
  if (doc.format !== 'mdx') return;
  const parsed = parseMdxBody(doc.body);
  if (!('tree' in parsed)) return; // parseLessonDocument reported it already
  const refs = labReferences(parsed.tree);
  if (refs.length === 0) return;
  const { listLabs } = await import('../labs/loader');
  const known = new Set((await listLabs()).map((l) => l.id)); // fresh from disk: authors may have just added the lab
  const issues = refs
    .filter((r) => !known.has(r.id))
    .map((r) => ({
      field: '(body)',
      line: doc.bodyStartLine + r.line - 1,
      column: r.column,
      message: `<Lab id="${r.id}"/>: there is no such lab. Labs: ${[...known].sort().join(', ') || '(none)'}.`,
    }));
  if (issues.length) throw new LessonDocumentError(issues);
}

/**
 * The same upsert inside a transaction the caller owns (the studio's import applies many documents
 * in one transaction, and its dry run rolls that transaction back). Does not revalidate: the caller
 * does after its commit (revalidateLessonPages). Throws LessonDocumentError, LessonKeyConflictError.
 */
export async function applyLessonDocument(
  tx: Tx,
  source: string,
  author: RevisionAuthor = {},
  /**
   * The lesson the caller already chose by its id (the studio's editor, a revision restore, a category
   * move refiling its lessons): a document whose key finds THAT lesson updates it even when its
   * title no longer matches (e.g. restoring a revision from before the key was made explicit).
   */
  target: { lessonId?: string } = {},
): Promise<UpsertResult> {
  const doc = parseLessonDocument(source);
  await checkLabReferences(doc);
  return applyDocument(tx, doc, author, target.lessonId);
}

async function advisoryLock(tx: Tx, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}::text, 0))`;
}

type Existing = {
  id: string;
  slug: string;
  title: string;
  slugExplicit: boolean;
  revision: number;
  contentHash: string;
  categoryId: string;
  format: string;
  headings: string;
  description: string;
};

/** The lesson this document updates, or null to create one. Throws LessonKeyConflictError. */
async function findTarget(tx: Tx, doc: LessonDocument, chosenLessonId?: string): Promise<Existing | null> {
  const existing = await tx.lesson.findUnique({
    where: { slug: doc.slug },
    select: {
      id: true, slug: true, title: true, slugExplicit: true, revision: true, contentHash: true,
      categoryId: true, format: true, headings: true, description: true,
    },
  });
  if (!existing || doc.slugExplicit) return existing;
  if (chosenLessonId !== undefined && existing.id === chosenLessonId) return existing;
  // A title-derived key belongs to the lesson only if that lesson got it from the same title.
  if (!existing.slugExplicit && sameTitle(existing.title, doc.frontMatter.title)) return existing;
  throw new LessonKeyConflictError(
    doc.slug,
    { slug: existing.slug, title: existing.title, url: lessonUrl(existing.slug) },
    doc.frontMatter.title,
  );
}

function sameTitle(a: string, b: string): boolean {
  return a.normalize('NFC').trim() === b.normalize('NFC').trim();
}

function derivedFields(doc: LessonDocument) {
  const outline = lessonOutline(doc.body, doc.format);
  return { format: doc.format, headings: outline.headings.join('\n'), description: outline.description };
}

/** What applyDocument would do, without writing (dry run). */
async function planDocument(tx: Tx, doc: LessonDocument): Promise<UpsertResult> {
  const url = lessonUrl(doc.slug);
  const existing = await findTarget(tx, doc);
  if (!existing) return { status: 'created', slug: doc.slug, url, revision: 1 };
  if (existing.contentHash === doc.contentHash) return { status: 'unchanged', slug: doc.slug, url, revision: existing.revision };
  return { status: 'updated', slug: doc.slug, url, revision: existing.revision + 1 };
}

async function applyDocument(tx: Tx, doc: LessonDocument, author: RevisionAuthor = {}, chosenLessonId?: string): Promise<UpsertResult> {
  const by = { authorId: author.actorId ?? null, note: author.note ?? null };
  const { slug, frontMatter: fm } = doc;
  const url = lessonUrl(slug);
  await advisoryLock(tx, `layerlab:lesson:${slug}`);
  // Before any write: a conflict must leave no category behind either (the transaction rolls back anyway).
  const existing = await findTarget(tx, doc, chosenLessonId);

  const categoryId = await ensureCategoryPath(tx, fm.categoryPath, doc.categorySlugs);
  const derived = derivedFields(doc);
  const fields = {
    title: fm.title,
    categoryId,
    authorNick: fm.authorNick,
    authoredOn: fm.createdAt,
    body: doc.body,
    contentHash: doc.contentHash,
    slugExplicit: doc.slugExplicit || (existing?.slugExplicit ?? false),
    ...derived,
  };

  if (!existing) {
    const lesson = await tx.lesson.create({ data: { slug, ...fields, revision: 1 }, select: { id: true } });
    await tx.lessonRevision.create({
      data: { lessonId: lesson.id, revision: 1, source: doc.source, contentHash: doc.contentHash, ...by },
    });
    return { status: 'created', slug, url, revision: 1 };
  }

  if (existing.contentHash === doc.contentHash) {
    // Same document. Only repair what was changed behind our back or added by a newer version
    // (category link, derived search fields after a migration); no new revision.
    const repair: Prisma.LessonUpdateInput = {};
    if (existing.categoryId !== categoryId) repair.category = { connect: { id: categoryId } };
    if (existing.format !== derived.format) repair.format = derived.format;
    if (existing.headings !== derived.headings) repair.headings = derived.headings;
    if (existing.description !== derived.description) repair.description = derived.description;
    if (Object.keys(repair).length > 0) await tx.lesson.update({ where: { id: existing.id }, data: repair });
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
