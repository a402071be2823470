import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { db, type Role } from '../db';
import { authOptions } from './options';
import { loginPath, safeCallbackPath } from './paths';
import { sessionIsCurrent } from './session-rules';
import { getSiteSetting } from '../settings/site-settings';

export type SessionUser = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in user, re-read from the database on every call: a deleted user is signed out
 * and a changed role takes effect immediately, whatever the JWT still says. The session must also
 * still be current (lib/auth/session-rules.ts: account not disabled, sessionVersion unchanged since
 * sign-in, younger than the sessionLifetimeHours site setting); otherwise this is null.
 */
export async function getCurrentUser(): Promise<SessionUser | null> {
  let session;
  try {
    session = await getServerSession(authOptions);
  } catch {
    return null; // a cookie we cannot decrypt (e.g. the secret changed) is no session
  }
  const id = session?.user?.id;
  if (!id) return null;
  const [user, lifetimeHours] = await Promise.all([
    db.user.findUnique({
      where: { id },
      select: { id: true, email: true, name: true, role: true, sessionVersion: true, disabledAt: true },
    }),
    getSiteSetting('sessionLifetimeHours'),
  ]);
  if (!user || !sessionIsCurrent(session ?? {}, user, lifetimeHours)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export function hasRole(user: SessionUser, roles?: readonly Role[]): boolean {
  return !roles || roles.length === 0 || roles.includes(user.role);
}

/**
 * For pages and layouts. Anonymous → /login?callbackUrl=<callbackPath>; wrong role → /forbidden.
 * Pass the page's own path as callbackPath so the user comes back after signing in.
 */
export async function requireUser(roles?: readonly Role[], callbackPath?: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(loginPath(callbackPath));
  if (!hasRole(user, roles)) redirect('/forbidden');
  return user;
}

/** For route handlers: 401 JSON when anonymous, 403 JSON for the wrong role. */
export async function requireApiUser(
  roles?: readonly Role[],
): Promise<{ user: SessionUser; response?: undefined } | { response: Response; user?: undefined }> {
  const user = await getCurrentUser();
  if (!user) {
    return { response: Response.json({ error: 'Sign in first.' }, { status: 401, headers: noStore }) };
  }
  if (!hasRole(user, roles)) {
    return { response: Response.json({ error: 'Not allowed for your role.' }, { status: 403, headers: noStore }) };
  }
  return { user };
}

const noStore = { 'Cache-Control': 'no-store' };

export { safeCallbackPath };
