// The gradebook as a CSV file for spreadsheet programs (csv-stringify does the quoting).
import { stringify } from 'csv-stringify/sync';
import type { Gradebook } from './grades';

/** UTF-8 byte order mark: without it Excel reads the file as the local code page and breaks Korean names. */
export const BOM = '\uFEFF';

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe (OWASP "CSV injection"): names and e-mails are typed by users.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * Header and one row per student: name, e-mail, then the best score of each assignment (empty when
 * nothing is graded), in the gradebook's column order. Header cells of assignments read
 * "<title> (<labId>, max <points>)".
 */
export function gradebookCsvRows(book: Gradebook): string[][] {
  const header = ['name', 'email', ...book.assignments.map((a) => `${a.title} (${a.labId}${a.maxScore != null ? `, max ${a.maxScore}` : ''})`)];
  const rows = book.rows.map(({ student, cells }) => [
    neutraliseFormula(student.name),
    neutraliseFormula(student.email),
    ...book.assignments.map((a) => {
      const best = cells[a.labId]?.best;
      return best == null ? '' : String(best);
    }),
  ]);
  return [header, ...rows];
}

/** The CSV text: BOM, then the rows of gradebookCsvRows, CRLF line ends (RFC 4180). */
export function gradebookCsv(book: Gradebook): string {
  return BOM + stringify(gradebookCsvRows(book), { record_delimiter: 'windows' });
}

/**
 * A download file name from a class name: letters and digits of any script kept, every other run of
 * characters one "-", at most 60 characters, e.g. "도커 기초 (월)" → "도커-기초-월-gradebook.csv".
 */
export function gradebookFilename(className: string): string {
  const base = [...className.normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '')].slice(0, 60).join('').replace(/-+$/, '');
  return `${base || 'class'}-gradebook.csv`;
}

/**
 * Content-Disposition for a download: an ASCII fallback `filename` (non-ASCII → "_") and the UTF-8
 * `filename*` of RFC 6266 / RFC 5987 that current browsers use.
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
