import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir, env } from '../env';

let cached: string | undefined;

/**
 * The secret that signs and encrypts session JWTs.
 * NEXTAUTH_SECRET wins; otherwise a random secret is generated once and kept in
 * `<dataDir>/nextauth-secret`, so a restart does not sign everyone out.
 */
export function authSecret(): string {
  if (cached) return cached;
  const fromEnv = env().NEXTAUTH_SECRET;
  if (fromEnv && fromEnv.trim()) {
    cached = fromEnv.trim();
    return cached;
  }
  cached = readOrCreateSecretFile(path.join(dataDir(), 'nextauth-secret'));
  return cached;
}

export function readOrCreateSecretFile(file: string): string {
  const existing = readSecret(file);
  if (existing) return existing;
  // The file is 0600; its folder is the project's data folder, which nginx's worker must be able to
  // enter to reach the edge cache (scripts/edge.ts), so the folder keeps the default mode.
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx' fails if another process created it first: then theirs wins.
    fs.writeFileSync(file, secret + '\n', { flag: 'wx', mode: 0o600 });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const other = readSecret(file);
    if (!other) throw new Error(`${file} exists but is empty; delete it or set NEXTAUTH_SECRET`);
    return other;
  }
}

function readSecret(file: string): string | null {
  try {
    const s = fs.readFileSync(file, 'utf8').trim();
    return s || null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
