import { createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '../auth/secret';

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
