import { db as defaultDb, type PrismaClient } from '../db/client';
import { LessonDocumentError, type LessonIssue } from './frontmatter';
import { parseLessonDocumentSafely } from './parse-safely';
import { StudioError } from './studio-error';
import { applyLessonDocument, type RevisionAuthor, type UpsertResult } from './upsert';

/**
 * Save from the studio's editor, through the same upsert as the API and `npm run db:seed`.
 *
 * - `lessonId` given (editing): the document must still name that lesson. A changed title derives
 *   another slug, which the upsert would treat as a NEW lesson: refused as a LessonDocumentError
 *   at the title's line, suggesting `slug:` to keep the URL.
 * - no `lessonId` (new lesson): a document whose slug is taken by another lesson is refused (409),
 *   so the "new lesson" form never overwrites an existing one.
 * Throws LessonDocumentError (issues with lines) or StudioError; nothing is written then.
 */
export async function saveLessonFromEditor(
  input: { source: string; lessonId?: string },
  author: RevisionAuthor = {},
  client: PrismaClient = defaultDb,
): Promise<UpsertResult & { lessonId: string }> {
  const doc = parseLessonDocumentSafely(input.source);
  return client.$transaction(async (tx) => {
    if (input.lessonId) {
      const lesson = await tx.lesson.findUnique({ where: { id: input.lessonId }, select: { slug: true } });
      if (!lesson) throw new StudioError(404, 'No such lesson (it may have been purged).');
      if (lesson.slug !== doc.slug) {
        throw new LessonDocumentError([slugChangeIssue(input.source, doc.frontMatter.slug ? 'slug' : 'title', lesson.slug, doc.slug)]);
      }
    } else {
      const taken = await tx.lesson.findUnique({ where: { slug: doc.slug }, select: { title: true, deletedAt: true } });
      if (taken) {
        throw new StudioError(
          409,
          `The URL "${doc.slug}" already belongs to the lesson "${taken.title}"${taken.deletedAt ? ' (deleted, restorable)' : ''}; open that lesson to edit it, or give this one another title or slug.`,
        );
      }
    }
    const result = await applyLessonDocument(tx, input.source, author, { lessonId: input.lessonId });
    const saved = await tx.lesson.findUniqueOrThrow({ where: { slug: result.slug }, select: { id: true } });
    return { ...result, lessonId: saved.id };
  }, { maxWait: 10_000, timeout: 30_000 });
}

/** The front-matter line of `field`, or 1. */
function lineOf(source: string, field: string): number {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const close = lines.findIndex((l, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(l));
  const at = lines.slice(0, close < 0 ? lines.length : close).findIndex((l) => l.startsWith(`${field}:`));
  return at < 0 ? 1 : at + 1;
}

function slugChangeIssue(source: string, field: 'slug' | 'title', oldSlug: string, newSlug: string): LessonIssue {
  return {
    field,
    line: lineOf(source, field),
    message:
      field === 'title'
        ? `This title makes the URL "${newSlug}", but this lesson's URL is "${oldSlug}"; add the field slug: "${oldSlug}" to keep it.`
        : `The slug must stay "${oldSlug}" for this lesson (it is "${newSlug}").`,
  };
}
