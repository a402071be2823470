import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { db, type Role } from '../db';
import { NO_PASSWORD_YET } from '../auth/session-rules';
import { hashLinkToken, NEW_ACCOUNT_LINK_HOURS } from './password-links';
import { EmailSchema, NameSchema, RoleSchema } from './schemas';
import { randomBytes } from 'node:crypto';

/**
 * Bulk account import from CSV (admin, /admin/users/import). The file: UTF-8 with or without a BOM,
 * comma-separated, a header line naming the columns (any order, case-insensitive):
 *   email  required, a valid address, unique in the file and not already an account
 *   name   required, not empty (any script: 김민수 is fine), at most 100 characters
 *   role   student, teacher or admin (case-insensitive); empty means student
 * Every problem is reported with its line (the header is line 1) and field; nothing is imported
 * until there is none (then all rows in one transaction).
 */

export const IMPORT_COLUMNS = ['email', 'name', 'role'] as const;
/** Most rows one file may hold. */
export const MAX_IMPORT_ROWS = 2000;
/** Largest file accepted (bytes). */
export const MAX_IMPORT_BYTES = 1024 * 1024;

export const SAMPLE_CSV = 'email,name,role\nkim.minsu@school.example,김민수,student\nlee.jiwoo@school.example,이지우,student\npark.teacher@school.example,박선생,teacher\n';

export interface ImportRow {
  line: number;
  email: string;
  name: string;
  role: Role;
}

export interface ImportIssue {
  /** 1-based line of the file (the header is line 1); 0: the file as a whole. */
  line: number;
  /** The column at fault, or "(file)" / "(header)" / "(row)". */
  field: string;
  message: string;
}

export interface ImportPlan {
  applied: boolean;
  rows: ImportRow[];
  issues: ImportIssue[];
  /** After an apply: each new account's one-time set-password link (site-relative path). */
  links?: { email: string; name: string; path: string; expiresAt: string }[];
}

const firstMessage = (r: z.ZodSafeParseResult<unknown>) => (r.success ? '' : r.error.issues[0].message);

/**
 * Parse and check a file, without the database (pure apart from csv-parse). Returns the valid rows
 * and every problem found; a row with problems is not in `rows`.
 */
export function parseAccountsCsv(input: Uint8Array | string): { rows: ImportRow[]; issues: ImportIssue[] } {
  let text: string;
  try {
    // fatal: a file that is not UTF-8 (e.g. saved as EUC-KR) is refused instead of garbled.
    text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
  } catch {
    return { rows: [], issues: [{ line: 0, field: '(file)', message: 'The file is not UTF-8 text. Save it as "CSV UTF-8" and upload it again.' }] };
  }
  let records: { record: string[]; raw?: string; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, raw: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return { rows: [], issues: [{ line: e.lines ?? 0, field: '(file)', message: `Not readable as CSV: ${(e.message ?? 'parse error').replace(/^[A-Za-z ]+: /, '')}` }] };
  }
  // info.lines is the record's LAST line; a quoted field may span lines, so count back to its first.
  // (raw also carries the skipped empty lines before it and the line break after it: trim those.)
  const startLine = (r: (typeof records)[number]) => r.info.lines - ((r.raw ?? '').replace(/^[\r\n]+|[\r\n]+$/g, '').match(/\n/g)?.length ?? 0);
  if (records.length === 0) return { rows: [], issues: [{ line: 1, field: '(header)', message: `The file is empty. The first line must name the columns: ${IMPORT_COLUMNS.join(',')}.` }] };

  const [head, ...body] = records;
  const header = head.record.map((h) => h.replace(/^\ufeff/, '').trim().toLowerCase());
  const issues: ImportIssue[] = [];
  const headerLine = startLine(head);
  for (const col of ['email', 'name'] as const) {
    if (!header.includes(col)) issues.push({ line: headerLine, field: '(header)', message: `Missing the "${col}" column. The first line must name the columns: ${IMPORT_COLUMNS.join(',')}.` });
  }
  header.forEach((h, i) => {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(h)) issues.push({ line: headerLine, field: '(header)', message: `Unknown column "${h || `#${i + 1}`}"; the columns are ${IMPORT_COLUMNS.join(', ')}.` });
    else if (header.indexOf(h) !== i) issues.push({ line: headerLine, field: '(header)', message: `The column "${h}" appears twice.` });
  });
  if (issues.length > 0) return { rows: [], issues };
  if (body.length === 0) return { rows: [], issues: [{ line: headerLine + 1, field: '(file)', message: 'No accounts below the header line.' }] };
  if (body.length > MAX_IMPORT_ROWS) return { rows: [], issues: [{ line: 0, field: '(file)', message: `${body.length} rows; at most ${MAX_IMPORT_ROWS} per file. Split it.` }] };

  const rows: ImportRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const rec of body) {
    const line = startLine(rec);
    const at = (col: string) => rec.record[header.indexOf(col)] ?? '';
    const rowIssues: ImportIssue[] = [];
    if (rec.record.length !== header.length) {
      rowIssues.push({ line, field: '(row)', message: `${rec.record.length} field${rec.record.length === 1 ? '' : 's'}, but the header names ${header.length}.` });
    }
    const email = EmailSchema.safeParse(at('email'));
    if (!email.success) rowIssues.push({ line, field: 'email', message: at('email') ? `"${at('email')}": ${firstMessage(email)}` : 'Enter an e-mail address.' });
    const name = NameSchema.safeParse(at('name'));
    if (!name.success) rowIssues.push({ line, field: 'name', message: firstMessage(name) });
    const rawRole = header.includes('role') ? at('role') : '';
    const role = RoleSchema.safeParse(rawRole || 'student');
    if (!role.success) rowIssues.push({ line, field: 'role', message: `Unknown role "${rawRole}"; use student, teacher or admin.` });
    if (email.success) {
      const first = firstLineOf.get(email.data);
      if (first !== undefined) rowIssues.push({ line, field: 'email', message: `${email.data} is already on line ${first} of this file.` });
      else firstLineOf.set(email.data, line);
    }
    if (rowIssues.length > 0) issues.push(...rowIssues);
    else rows.push({ line, email: email.data!, name: name.data!, role: role.data! as Role });
  }
  return { rows, issues };
}

/** parseAccountsCsv plus the database's view: e-mails that already have an account are issues too. */
export async function planAccountsImport(input: Uint8Array | string): Promise<ImportPlan> {
  const { rows, issues } = parseAccountsCsv(input);
  const existing = rows.length
    ? new Set((await db.user.findMany({ where: { email: { in: rows.map((r) => r.email) } }, select: { email: true } })).map((u) => u.email))
    : new Set<string>();
  const fresh: ImportRow[] = [];
  for (const r of rows) {
    if (existing.has(r.email)) issues.push({ line: r.line, field: 'email', message: `${r.email} already has an account.` });
    else fresh.push(r);
  }
  issues.sort((a, b) => a.line - b.line);
  return { applied: false, rows: fresh, issues };
}

/**
 * Plan, and when there is no issue at all, create every account (no password yet) and its one-time
 * set-password link (valid NEW_ACCOUNT_LINK_HOURS) in one transaction. With any issue, or when an
 * account appears meanwhile (unique violation), nothing is written and the plan says why.
 */
export async function applyAccountsImport(input: Uint8Array | string, actorId: string): Promise<ImportPlan> {
  const plan = await planAccountsImport(input);
  if (plan.issues.length > 0 || plan.rows.length === 0) return plan;
  const expiresAt = new Date(Date.now() + NEW_ACCOUNT_LINK_HOURS * 3600_000);
  try {
    const links = await db.$transaction(async (tx) => {
      const users = await tx.user.createManyAndReturn({
        data: plan.rows.map((r) => ({ email: r.email, name: r.name, role: r.role, passwordHash: NO_PASSWORD_YET })),
        select: { id: true, email: true, name: true },
      });
      const tokens = users.map((u) => ({ user: u, token: randomBytes(32).toString('base64url') }));
      await tx.passwordResetToken.createMany({ data: tokens.map((t) => ({ userId: t.user.id, tokenHash: hashLinkToken(t.token), expiresAt, createdById: actorId })) });
      return tokens.map((t) => ({ email: t.user.email, name: t.user.name, path: `/reset-password/${t.token}`, expiresAt: expiresAt.toISOString() }));
    });
    const order = new Map(plan.rows.map((r, i) => [r.email, i]));
    links.sort((a, b) => order.get(a.email)! - order.get(b.email)!);
    return { ...plan, applied: true, links };
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') return planAccountsImport(input); // someone created one meanwhile
    throw err;
  }
}
