import { usePasswordLink } from '@/lib/accounts/password-links';
import { UsePasswordLinkSchema } from '@/lib/accounts/schemas';
import { accountErrorResponse } from '@/lib/http/account-route';
import { json, readJsonBody } from '@/lib/http/admin-route';
import { refuseCrossSite } from '@/lib/http/same-origin';

export const dynamic = 'force-dynamic';

/**
 * Set a password with a one-time link {token, password} → {ok, email}. Public (the token is the
 * authority). 410 used or expired, 404 unknown, 403 disabled account, 400 policy (field password).
 */
export async function POST(req: Request) {
  const refused = refuseCrossSite(req);
  if (refused) return refused;
  const body = await readJsonBody(req, UsePasswordLinkSchema, 8 * 1024);
  if (body.response) return body.response;
  try {
    return json({ ok: true, ...(await usePasswordLink(body.data.token, body.data.password)) });
  } catch (err) {
    return accountErrorResponse(err, 'set the password');
  }
}
