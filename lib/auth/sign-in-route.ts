import { clientAddress } from '../http/client-address';
import { beginSignInAttempt, markSignInSucceeded } from './sign-in-throttle';
import { throttleMessage } from './throttle';

type RouteHandler<C> = (req: Request, context: C) => Promise<Response>;

/** next-auth's credentials sign-in: the one request that checks a password. */
function isCredentialsSignIn(req: Request): boolean {
  return req.method === 'POST' && new URL(req.url).pathname.endsWith('/api/auth/callback/credentials');
}

/** next-auth sets its session cookie only when the sign-in succeeded. */
function setsSessionCookie(res: Response): boolean {
  return res.headers.getSetCookie().some((c) => /^(__Secure-)?next-auth\.session-token(\.\d+)?=[^;]+/.test(c));
}

/**
 * Wraps next-auth's route handler so credentials sign-ins are throttled before next-auth sees them
 * (lib/auth/sign-in-throttle.ts) and every attempt is recorded. A throttled attempt is answered
 * 429 with `Retry-After` (seconds) and JSON {error, retryAfterSeconds, url} (`url` keeps
 * next-auth's client, which reads it, working). Every other auth request passes straight through.
 */
export function withSignInThrottle<C>(handler: RouteHandler<C>): RouteHandler<C> {
  return async (req, context) => {
    if (!isCredentialsSignIn(req)) return handler(req, context);
    let email = '';
    try {
      email = new URLSearchParams(await req.clone().text()).get('email') ?? '';
    } catch {
      // unreadable body: next-auth refuses it; it still counts against the address
    }
    const gate = await beginSignInAttempt(email, clientAddress(req.headers));
    if (!gate.allowed) {
      const login = new URL('/login?error=TooManyAttempts', req.url);
      return Response.json(
        { error: throttleMessage(gate.retryAfterSeconds), retryAfterSeconds: gate.retryAfterSeconds, url: login.toString() },
        { status: 429, headers: { 'Retry-After': String(gate.retryAfterSeconds), 'Cache-Control': 'no-store' } },
      );
    }
    const res = await handler(req, context);
    if (setsSessionCookie(res)) await markSignInSucceeded(gate.attemptId);
    return res;
  };
}
