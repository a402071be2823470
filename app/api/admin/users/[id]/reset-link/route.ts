import { createResetLink } from '@/lib/accounts/users';
import { accountErrorResponse } from '@/lib/http/account-route';
import { adminWrite, json } from '@/lib/http/admin-route';

export const dynamic = 'force-dynamic';

/**
 * Make a one-time password-reset link for the account → 201 {path, expiresAt}. The token is in
 * the answer only (the database keeps its sha256); an earlier unused link stops working. 404/409.
 */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  try {
    const link = await createResetLink((await ctx.params).id, auth.user.id);
    return json({ path: link.path, expiresAt: link.expiresAt.toISOString() }, 201);
  } catch (err) {
    return accountErrorResponse(err, 'make the reset link');
  }
}
