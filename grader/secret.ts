/**
 * The per-grade secret of labs that teach keeping a credential out of an image (check kind `secret`).
 *
 * A lab writes it into its build context through its edits: `{{secret}}` is replaced by the value,
 * `{{secret_sha256}}` by its SHA-256 (hex), so a fake "registry" can verify the token without the
 * context holding it twice. It is derived from the grade's nonce with a key drawn at random when the
 * process starts: fresh on every grade, the same for every build of one grade, and not computable
 * from the nonce (which the grader stamps into context files, so it does end up in images).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

const PROCESS_KEY = randomBytes(32);

export const SECRET_PREFIX = 'llt_';

export function gradeSecret(nonce: string): string {
  return `${SECRET_PREFIX}${createHmac('sha256', PROCESS_KEY).update(`secret:${nonce}`).digest('hex').slice(0, 40)}`;
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Replace `{{secret}}` and `{{secret_sha256}}` in a lab text (edits). */
export function substituteSecret(text: string, nonce: string): string {
  if (!text.includes('{{')) return text;
  return text
    .replace(/\{\{\s*secret_sha256\s*\}\}/g, () => sha256Hex(gradeSecret(nonce)))
    .replace(/\{\{\s*secret\s*\}\}/g, () => gradeSecret(nonce));
}
