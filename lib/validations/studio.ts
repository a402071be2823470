import { z } from 'zod';

/** Bodies of the admin studio's JSON routes, shared by the pages' forms and the route handlers. */

const id = z.string().min(1).max(64);

export const CreateCategorySchema = z.strictObject({
  name: z.string().max(200, 'must be at most 200 characters'),
  parentId: id.nullable().optional(),
});

/** Exactly one change per request: rename, move (parentId null = top level) or reorder (0-based). */
export const UpdateCategorySchema = z.union([
  z.strictObject({ name: z.string().max(200, 'must be at most 200 characters') }),
  z.strictObject({ parentId: id.nullable() }),
  z.strictObject({ position: z.number().int().min(0).max(100_000) }),
], { error: 'Send one of {"name": …}, {"parentId": …} or {"position": …}.' });

/** A lesson document as the editor holds it (front matter + body). */
export const LessonSourceSchema = z.strictObject({ source: z.string().max(1024 * 1024, 'must be at most 1 MiB') });

export const SaveLessonSchema = z.strictObject({
  source: z.string().max(1024 * 1024, 'must be at most 1 MiB'),
  /** The lesson being edited; absent for a new lesson. */
  lessonId: id.optional(),
});

/** Revision numbers from a URL. */
export const RevisionNumber = z.coerce.number().int().min(1).max(1_000_000);
