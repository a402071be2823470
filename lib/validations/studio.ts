import { z } from 'zod';
import { INVISIBLE_CHAR_RE } from '../content/frontmatter';
import { CONTROL_CHAR_RE } from './text';

/** Bodies of the admin studio's JSON routes, shared by the pages' forms and the route handlers. */

const id = z.string().min(1).max(64);

/** A category name as readers see it: one line, no control characters, no invisible bidi/zero-width ones. */
const categoryName = z
  .string()
  .max(200, 'must be at most 200 characters')
  .refine((s) => !CONTROL_CHAR_RE.test(s), { message: 'must be one line without control characters' })
  .refine((s) => !INVISIBLE_CHAR_RE.test(s), { message: 'contains an invisible bidirectional or zero-width character; remove it' });

export const CreateCategorySchema = z.strictObject({
  name: categoryName,
  parentId: id.nullable().optional(),
});

/** Exactly one change per request: rename, move (parentId null = top level) or reorder (0-based). */
export const UpdateCategorySchema = z.union([
  z.strictObject({ name: categoryName }),
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
