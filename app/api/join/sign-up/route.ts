import { getCurrentUser } from '@/lib/auth/session';
import { signUpWithCode } from '@/lib/classes/join';
import { joinThrottle } from '@/lib/classes/join-throttle';
import { json, readJsonBody } from '@/lib/http/admin-route';
import { clientAddress } from '@/lib/http/client-address';
import { classErrorResponse } from '@/lib/http/class-route';
import { refuseCrossSite } from '@/lib/http/same-origin';
import { SignUpSchema } from '@/lib/validations/classes';

export const dynamic = 'force-dynamic';

/**
 * POST {code, name, email, password} → 201 {className}: a new student account in the class; the
 * browser then signs in with the same credentials. Anonymous only (409 when already signed in).
 */
export async function POST(req: Request) {
  const refused = refuseCrossSite(req);
  if (refused) return refused;
  if (await getCurrentUser()) return json({ error: 'You are signed in already; join with the code instead.' }, 409);
  const body = await readJsonBody(req, SignUpSchema, 8 * 1024);
  if (body.response) return body.response;
  try {
    const made = await signUpWithCode(body.data, { address: clientAddress(req.headers), throttle: joinThrottle });
    return json({ className: made.className }, 201);
  } catch (err) {
    return classErrorResponse(err, 'create the account');
  }
}
