import { UpdateUserSchema } from '@/lib/accounts/schemas';
import { getAccount, updateAccount } from '@/lib/accounts/users';
import { accountErrorResponse, accountJson } from '@/lib/http/account-route';
import { adminRead, adminWrite, json, readJsonBody } from '@/lib/http/admin-route';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** One account. Admin only; 404 when there is none. */
export async function GET(_req: Request, ctx: Ctx) {
  const auth = await adminRead();
  if (auth.response) return auth.response;
  try {
    return json({ account: accountJson(await getAccount((await ctx.params).id)) });
  } catch (err) {
    return accountErrorResponse(err, 'load the account');
  }
}

/** Change {email?, name?, role?, disabled?} → {account}; disabling ends the account's sessions. 400/404/409. */
export async function PATCH(req: Request, ctx: Ctx) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, UpdateUserSchema, 16 * 1024);
  if (body.response) return body.response;
  try {
    return json({ account: accountJson(await updateAccount((await ctx.params).id, body.data, auth.user.id)) });
  } catch (err) {
    return accountErrorResponse(err, 'change the account');
  }
}
