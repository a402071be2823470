import { createHmac, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { authSecret } from '../auth/secret';
import { env } from '../env';

/**
 * Lesson pages are statically rendered and kept in Next's cache; every write to lessons must
 * drop the cached pages that show them. A lesson change touches every lesson page (the sidebar
 * lists all lessons) and the lesson index; the other static pages are few and cheap, so the whole
 * cache is dropped from the root layout down (`revalidatePath('/', 'layout')`): simple and never
 * stale. (Route groups such as app/(learn) have no layout of their own at /lessons to target.)
 */
export const LESSON_PATHS: readonly { path: string; type?: 'layout' | 'page' }[] = [{ path: '/', type: 'layout' }];

/**
 * Inside Next (route handler, server action): revalidatePath for LESSON_PATHS; returns true.
 * Outside Next (seed, scripts, tests) there is no cache to drop here: returns false — use
 * `pingRevalidate` to reach a running web app instead.
 */
export async function revalidateLessonPages(): Promise<boolean> {
  try {
    const { revalidatePath } = await import('next/cache');
    for (const p of LESSON_PATHS) revalidatePath(p.path, p.type);
    await purgeEdgeCache();
    return true;
  } catch (err) {
    // Outside a Next request revalidatePath throws an invariant ("static generation store
    // missing"); anything else is worth a line in the log.
    if (!/static generation store|outside a request scope|Invariant/i.test(String((err as Error)?.message))) {
      console.error('Revalidating lesson pages failed', err);
    }
    return false;
  }
}

/**
 * Empty the edge's lesson-page cache (scripts/edge.ts), when the platform runs one: its folder is in
 * LAYERLAB_EDGE_CACHE_DIR. nginx treats a cache file that is gone as a miss and asks the web app
 * again, so after this the next reader gets the page Next just revalidated. Never throws.
 */
export async function purgeEdgeCache(): Promise<void> {
  const dir = env().LAYERLAB_EDGE_CACHE_DIR;
  if (!dir) return;
  try {
    const entries = await fs.readdir(dir);
    await Promise.all(entries.map((e) => fs.rm(path.join(dir, e), { recursive: true, force: true })));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') console.error('Purging the edge cache failed', err);
  }
}

/** The bearer token of POST /api/internal/revalidate: an HMAC of the session secret (never the secret itself). */
export function revalidateToken(): string {
  return createHmac('sha256', authSecret()).update('layerlab:revalidate-lessons').digest('base64url');
}

/** Constant-time check of an `Authorization: Bearer …` header against revalidateToken(). */
export function isRevalidateAuthorized(header: string | null): boolean {
  const m = /^Bearer\s+(\S+)$/.exec(header ?? '');
  if (!m) return false;
  const want = Buffer.from(revalidateToken());
  const got = Buffer.from(m[1]);
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * From a script (seed, content sync, benchmark): ask the web app at `origin` to drop its cached
 * lesson pages. Resolves to a one-line outcome; never throws (an app that is not running has
 * nothing cached, and renders from the database when it starts).
 */
export async function pingRevalidate(origin: string, timeoutMs = 3000): Promise<string> {
  try {
    const res = await fetch(`${origin}/api/internal/revalidate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${revalidateToken()}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return res.ok ? `lesson pages revalidated at ${origin}` : `revalidation at ${origin} answered HTTP ${res.status}`;
  } catch {
    return `no web app answering at ${origin}; nothing to revalidate`;
  }
}
