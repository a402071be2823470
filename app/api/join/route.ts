import { requireApiUser } from '@/lib/auth/session';
import { joinWithCode } from '@/lib/classes/join';
import { joinThrottle } from '@/lib/classes/join-throttle';
import { json, readJsonBody } from '@/lib/http/admin-route';
import { clientAddress } from '@/lib/http/client-address';
import { classErrorResponse } from '@/lib/http/class-route';
import { refuseCrossSite } from '@/lib/http/same-origin';
import { JoinSchema } from '@/lib/validations/classes';

export const dynamic = 'force-dynamic';

/** POST {code} → 200 {classroomId, name, alreadyMember}: the signed-in student joins the class. */
export async function POST(req: Request) {
  const refused = refuseCrossSite(req);
  if (refused) return refused;
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, JoinSchema, 1024);
  if (body.response) return body.response;
  try {
    return json(await joinWithCode(auth.user, body.data.code, { address: clientAddress(req.headers), throttle: joinThrottle }));
  } catch (err) {
    return classErrorResponse(err, 'join the class');
  }
}
