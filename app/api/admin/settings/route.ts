import { SiteSettingsSchema } from '@/lib/accounts/schemas';
import { adminRead, adminWrite, errorResponse, json, readJsonBody } from '@/lib/http/admin-route';
import { getSiteSetting, setSiteSetting } from '@/lib/settings/site-settings';

export const dynamic = 'force-dynamic';

async function current() {
  return { signUpEnabled: await getSiteSetting('signUpEnabled'), sessionLifetimeHours: await getSiteSetting('sessionLifetimeHours') };
}

/** The site settings {signUpEnabled, sessionLifetimeHours}. Admin only. */
export async function GET() {
  const auth = await adminRead();
  if (auth.response) return auth.response;
  try {
    return json(await current());
  } catch (err) {
    return errorResponse(err, 'load the settings');
  }
}

/** Change some settings {signUpEnabled?, sessionLifetimeHours? (1–2160)} → all settings; 400 naming the field. */
export async function PATCH(req: Request) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, SiteSettingsSchema, 4096);
  if (body.response) return body.response;
  try {
    if (body.data.signUpEnabled !== undefined) await setSiteSetting('signUpEnabled', body.data.signUpEnabled);
    if (body.data.sessionLifetimeHours !== undefined) await setSiteSetting('sessionLifetimeHours', body.data.sessionLifetimeHours);
    return json(await current());
  } catch (err) {
    return errorResponse(err, 'save the settings');
  }
}
