import { CreateUserSchema } from '@/lib/accounts/schemas';
import { createAccount, listAccounts } from '@/lib/accounts/users';
import { accountErrorResponse, accountJson } from '@/lib/http/account-route';
import { adminRead, adminWrite, json, readJsonBody } from '@/lib/http/admin-route';

export const dynamic = 'force-dynamic';

/** Accounts whose name or e-mail contains `?q=` (all when empty), by e-mail. Admin only. */
export async function GET(req: Request) {
  const auth = await adminRead();
  if (auth.response) return auth.response;
  try {
    const q = new URL(req.url).searchParams.get('q') ?? '';
    return json({ accounts: (await listAccounts(q)).map(accountJson) });
  } catch (err) {
    return accountErrorResponse(err, 'list the accounts');
  }
}

/** Create an account {email, name, role} → 201 {account, link: {path, expiresAt}}; 400 bad field, 409 e-mail taken. */
export async function POST(req: Request) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, CreateUserSchema, 16 * 1024);
  if (body.response) return body.response;
  try {
    const { account, link } = await createAccount(body.data, auth.user.id);
    return json({ account: accountJson(account), link: { path: link.path, expiresAt: link.expiresAt.toISOString() } }, 201);
  } catch (err) {
    return accountErrorResponse(err, 'create the account');
  }
}
