import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { readingGate } from '@/lib/auth/reading-gate';
import { loginPath } from '@/lib/auth/paths';
import { authSecret } from '@/lib/auth/secret';
import { readingRequiresSignIn } from '@/lib/env';

/**
 * LAYERLAB_REQUIRE_SIGN_IN for the statically cached lesson pages: they are served from Next's
 * cache without running page code, so the sign-in check has to happen here, before the cache.
 * A valid session JWT is enough to read (roles do not matter for reading). Public reading (the
 * default) returns at once.
 */
export async function proxy(req: NextRequest) {
  if (!readingRequiresSignIn()) return NextResponse.next();
  const token = await getToken({ req, secret: authSecret() }).catch(() => null);
  const decision = readingGate(req.nextUrl.pathname, { required: true, signedIn: !!token });
  if (decision === 'pass') return NextResponse.next();
  return NextResponse.redirect(new URL(loginPath(req.nextUrl.pathname + req.nextUrl.search), req.url));
}

export const config = { matcher: ['/lessons', '/lessons/:path*'] };
