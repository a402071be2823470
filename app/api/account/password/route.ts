import { changeOwnPassword } from '@/lib/accounts/passwords';
import { ChangePasswordSchema } from '@/lib/accounts/schemas';
import { requireApiUser } from '@/lib/auth/session';
import { accountErrorResponse } from '@/lib/http/account-route';
import { json, readJsonBody } from '@/lib/http/admin-route';
import { refuseCrossSite } from '@/lib/http/same-origin';

export const dynamic = 'force-dynamic';

/**
 * The signed-in user changes their password {currentPassword, newPassword} → {ok, signedOut:true}.
 * Every session of the user ends, this one too (sign in again with the new password).
 * 400 with `field` (wrong current password, policy), 401 anonymous.
 */
export async function POST(req: Request) {
  const refused = refuseCrossSite(req);
  if (refused) return refused;
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, ChangePasswordSchema, 8 * 1024);
  if (body.response) return body.response;
  try {
    await changeOwnPassword(auth.user.id, body.data.currentPassword, body.data.newPassword);
    return json({ ok: true, signedOut: true });
  } catch (err) {
    return accountErrorResponse(err, 'change the password');
  }
}
