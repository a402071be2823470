import { db as defaultDb, type PrismaClient } from '../db/client';
import {
  applyCategoryManifest,
  ManifestError,
  manifestPaths,
  parseCategoryManifest,
  type ManifestChange,
  type ManifestNode,
} from './category-manifest';
import { LessonDocumentError, type LessonIssue } from './frontmatter';
import { parseLessonDocumentSafely } from './parse-safely';
import type { ImportBundle } from './import-files';
import { lockLessonsAndCategories } from './locks';
import { StudioError } from './studio-error';
import { applyLessonDocument, type RevisionAuthor } from './upsert';

/**
 * Import lesson documents (studio upload, `npm run content:sync`) as a dry run or for real.
 *
 * Both run the very same code: one transaction that applies the category manifest (if any) and
 * then every document through the API's upsert (applyLessonDocument), each document inside a
 * savepoint so one failure is reported without hiding the others. A dry run always rolls back, so
 * it lists exactly what an apply would do: created, updated, unchanged, or invalid with the
 * document's errors. An apply commits only when nothing is invalid; otherwise it also rolls back
 * and nothing is written (`applied: false`).
 */

export type DocumentStatus = 'created' | 'updated' | 'unchanged' | 'invalid';

export interface PlannedDocument {
  /** File name (or "archive.zip: path/in/zip.md"). */
  name: string;
  status: DocumentStatus;
  slug?: string;
  title?: string;
  url?: string;
  /** The lesson is soft-deleted; an import updates it but leaves it deleted. */
  deleted?: boolean;
  /** Why the document is invalid, each with its line (line 1 for file-level problems). */
  issues?: LessonIssue[];
}

export interface ImportPlan {
  applied: boolean;
  documents: PlannedDocument[];
  categories: ManifestChange[];
  /** A problem with categories.yaml (then no document is applied either). */
  manifestError?: string;
  skipped: string[];
  counts: Record<DocumentStatus, number>;
}

class RollBack extends Error {
  constructor(readonly plan: ImportPlan) {
    super('rollback');
  }
}

/** Dry run (`apply: false`) or apply (`apply: true`) an import bundle; see the module comment. */
export async function runImport(
  bundle: ImportBundle,
  opts: { apply: boolean; author?: RevisionAuthor; client?: PrismaClient },
): Promise<ImportPlan> {
  const client = opts.client ?? defaultDb;
  const author = opts.author ?? {};
  try {
    return await client.$transaction(
      async (tx) => {
        const plan: ImportPlan = {
          applied: false,
          documents: bundle.problems.map((p) => ({ name: p.name, status: 'invalid', issues: [{ field: '(file)', line: 1, message: p.message }] })),
          categories: [],
          skipped: bundle.skipped,
          counts: { created: 0, updated: 0, unchanged: 0, invalid: 0 },
        };
        let manifest: ManifestNode[] | undefined;
        let paths: string[] = [];
        if (bundle.manifest) {
          try {
            manifest = parseCategoryManifest(bundle.manifest.text);
            paths = manifestPaths(manifest);
          } catch (err) {
            if (!(err instanceof ManifestError)) throw err;
            plan.manifestError = err.message;
            manifest = undefined;
          }
        }
        // Every lock this import needs, up front and in the global order (lib/content/locks.ts).
        const slugs: string[] = [];
        for (const { source } of bundle.documents) {
          try {
            const doc = parseLessonDocumentSafely(source);
            slugs.push(doc.slug);
            paths.push(doc.categorySlugs.join('/'));
          } catch {
            // reported below
          }
        }
        await lockLessonsAndCategories(tx, slugs, paths);
        if (manifest) {
          try {
            plan.categories = await applyCategoryManifest(tx, manifest);
          } catch (err) {
            if (!(err instanceof ManifestError)) throw err;
            plan.manifestError = err.message; // the whole import rolls back below
          }
        }

        const firstBySlug = new Map<string, string>();
        for (const { name, source } of bundle.documents) {
          let slug: string;
          let title: string;
          try {
            const doc = parseLessonDocumentSafely(source);
            slug = doc.slug;
            title = doc.frontMatter.title;
          } catch (err) {
            if (!(err instanceof LessonDocumentError)) throw err;
            plan.documents.push({ name, status: 'invalid', issues: err.issues });
            continue;
          }
          const first = firstBySlug.get(slug);
          if (first) {
            plan.documents.push({
              name, status: 'invalid', slug, title,
              issues: [{ field: 'title', line: 1, message: `the same lesson (URL "${slug}") as ${first}; keep one of the two.` }],
            });
            continue;
          }
          firstBySlug.set(slug, name);

          await tx.$executeRawUnsafe('SAVEPOINT layerlab_import_doc');
          try {
            const result = await applyLessonDocument(tx, source, author);
            await tx.$executeRawUnsafe('RELEASE SAVEPOINT layerlab_import_doc');
            const lesson = await tx.lesson.findUnique({ where: { slug: result.slug }, select: { deletedAt: true } });
            plan.documents.push({
              name, status: result.status, slug: result.slug, title, url: result.url,
              ...(lesson?.deletedAt ? { deleted: true } : {}),
            });
          } catch (err) {
            const message = refusalMessage(err);
            if (message === undefined) throw err;
            await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT layerlab_import_doc');
            plan.documents.push({
              name, status: 'invalid', slug, title,
              issues: err instanceof LessonDocumentError ? err.issues : [{ field: '(document)', line: 1, message }],
            });
          }
        }

        for (const d of plan.documents) plan.counts[d.status]++;
        if (!opts.apply || plan.counts.invalid > 0 || plan.manifestError) throw new RollBack(plan);
        plan.applied = true;
        return plan;
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
  } catch (err) {
    if (err instanceof RollBack) return err.plan;
    throw err;
  }
}

/** The author-facing message of a refusal the upsert may throw, or undefined for a real failure. */
function refusalMessage(err: unknown): string | undefined {
  if (err instanceof LessonDocumentError || err instanceof StudioError) return err.message;
  // Refusals of the upsert that carry an HTTP status (e.g. a 409 slug collision) are the author's to fix.
  const status = (err as { status?: unknown } | null)?.status;
  if (err instanceof Error && typeof status === 'number' && status >= 400 && status < 500) return err.message;
  return undefined;
}
