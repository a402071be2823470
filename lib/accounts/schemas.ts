import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../auth/password-policy';

/**
 * The shapes of account input, shared by the forms and the route handlers. Passwords are checked
 * against the policy (lib/auth/password-policy.ts) by the domain code, which knows the account.
 */

// Control, bidirectional and zero-width characters make names that look like other names.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

export const EmailSchema = z.string().trim().toLowerCase().max(320, 'At most 320 characters.').email('Not a valid e-mail address.');
export const NameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(100, 'At most 100 characters.')
  .refine((n) => !INVISIBLE.test(n), 'Remove control or invisible characters.');
export const ROLE_NAMES = ['STUDENT', 'TEACHER', 'ADMIN'] as const;
export const RoleSchema = z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), z.enum(ROLE_NAMES, 'Use student, teacher or admin.'));
/** Any string up to 1024 characters; the policy gives the real rules and messages. */
export const PasswordSchema = z.string().min(1, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1024, 'Too long.');

export const CreateUserSchema = z.object({ email: EmailSchema, name: NameSchema, role: RoleSchema });
export const UpdateUserSchema = z
  .object({ email: EmailSchema.optional(), name: NameSchema.optional(), role: RoleSchema.optional(), disabled: z.boolean().optional() })
  .strict();
export const ChangePasswordSchema = z.object({ currentPassword: z.string().min(1, 'Enter your current password.').max(1024), newPassword: PasswordSchema });
export const UsePasswordLinkSchema = z.object({ token: z.string().min(10).max(200), password: PasswordSchema });
export const SetupSchema = z.object({ token: z.string().min(10).max(200), email: EmailSchema, name: NameSchema, password: PasswordSchema });
export const SiteSettingsSchema = z
  .object({ signUpEnabled: z.boolean().optional(), sessionLifetimeHours: z.number().int().min(1).max(24 * 90).optional() })
  .strict();

export type CreateUserInput = z.infer<typeof CreateUserSchema>;
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;
