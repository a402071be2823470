import { z } from 'zod';
import { INVISIBLE_CHAR_RE } from '../content/frontmatter';
import { isValidTimeZone } from '../classes/time-zone';
import { CONTROL_CHAR_RE } from './text';

/**
 * Bodies of the class, assignment and join routes, shared by the pages' forms and the route
 * handlers. Dates are wall-clock text in the class's time zone ("2026-12-01T23:59"), converted by
 * lib/classes/time-zone.ts.
 */

/** A person's or a class's name: one line, visible characters, 1..100 characters after trimming. */
export const oneLineName = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters')
  .refine((s) => !CONTROL_CHAR_RE.test(s), { message: 'must be one line without control characters' })
  .refine((s) => !INVISIBLE_CHAR_RE.test(s), { message: 'contains an invisible bidirectional or zero-width character; remove it' });

export const timeZoneField = z
  .string()
  .trim()
  .refine(isValidTimeZone, { message: 'is not an IANA time zone such as Asia/Seoul or UTC' });

export const CreateClassSchema = z.strictObject({ name: oneLineName, timeZone: timeZoneField });

/** Any subset of the class's settings; `archived: true` archives, `false` unarchives. */
export const UpdateClassSchema = z
  .strictObject({ name: oneLineName, timeZone: timeZoneField, signUpOpen: z.boolean(), archived: z.boolean() })
  .partial()
  .refine((o) => Object.keys(o).length > 0, { message: 'names nothing to change' });

export const AddTeacherSchema = z.strictObject({ email: z.string().trim().toLowerCase().email('is not an e-mail address').max(320) });

/** "" or null: no date. */
const wallClock = z
  .union([z.string().trim().max(32), z.null()])
  .optional()
  .transform((v) => (v ? v : null));

export const AssignmentSchema = z.strictObject({
  labId: z.string().trim().min(1, 'is required').max(64),
  opensAt: wallClock,
  dueAt: wallClock,
  latePolicy: z.enum(['ACCEPT_LATE', 'REFUSE_LATE']).default('ACCEPT_LATE'),
});

export const UpdateAssignmentSchema = AssignmentSchema.omit({ labId: true });

export const JoinSchema = z.strictObject({ code: z.string().trim().min(1, 'is required').max(32) });

export const SignUpSchema = z.strictObject({
  code: z.string().trim().min(1, 'is required').max(32),
  name: oneLineName,
  email: z.string().trim().toLowerCase().email('is not an e-mail address').max(320),
  password: z.string().min(1, 'is required').max(1024),
});
