import fs from 'node:fs';
import path from 'node:path';

/** Shortest password accepted (characters). NIST SP 800-63B asks for at least 8; we ask for 10. */
export const MIN_PASSWORD_LENGTH = 10;
/** bcrypt ignores every byte after the 72nd, so a longer password would be silently truncated. */
export const MAX_PASSWORD_BYTES = 72;

let common: Set<string> | undefined;

/**
 * The common-password list shipped with the project (lib/auth/common-passwords.txt, one per line,
 * compared lower-cased), loaded once.
 */
function commonPasswords(): Set<string> {
  if (!common) {
    const file = path.join(process.cwd(), 'lib', 'auth', 'common-passwords.txt');
    common = new Set(
      fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim().toLowerCase()).filter(Boolean),
    );
  }
  return common;
}

/**
 * What is wrong with a new password, as messages for the person choosing it; [] when it is fine.
 * Rules (NIST SP 800-63B §5.1.1.2): at least MIN_PASSWORD_LENGTH characters, at most
 * MAX_PASSWORD_BYTES UTF-8 bytes, not on the common-password list, not the account's e-mail or name.
 */
export function passwordProblems(password: string, account: { email?: string; name?: string } = {}): string[] {
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) problems.push(`Use at most ${MAX_PASSWORD_BYTES} bytes (about ${MAX_PASSWORD_BYTES} Latin or 24 Korean characters).`);
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) problems.push('This password is on the list of common passwords; choose another.');
  const own = [account.email?.toLowerCase(), account.email?.split('@')[0]?.toLowerCase(), account.name?.toLowerCase()];
  if (own.some((o) => o && o.length >= 3 && lower === o)) problems.push('Do not use your e-mail address or name as your password.');
  return problems;
}
