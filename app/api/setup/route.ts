import { createFirstAdmin, isSetupToken } from '@/lib/accounts/first-admin';
import { SetupSchema } from '@/lib/accounts/schemas';
import { accountErrorResponse } from '@/lib/http/account-route';
import { json, readJsonBody } from '@/lib/http/admin-route';
import { refuseCrossSite } from '@/lib/http/same-origin';

export const dynamic = 'force-dynamic';

/**
 * Create the site's first admin {token, email, name, password} → 201 {ok, email}. Only while no
 * admin exists (409 after), only with the setup token printed in the server log at start (403).
 */
export async function POST(req: Request) {
  const refused = refuseCrossSite(req);
  if (refused) return refused;
  const body = await readJsonBody(req, SetupSchema, 8 * 1024);
  if (body.response) return body.response;
  if (!isSetupToken(body.data.token)) return json({ error: 'The setup token is not right: copy the /setup link from the server log.', field: 'token' }, 403);
  try {
    const admin = await createFirstAdmin(body.data);
    return json({ ok: true, email: admin.email }, 201);
  } catch (err) {
    return accountErrorResponse(err, 'create the first admin');
  }
}
