import { applyAccountsImport, MAX_IMPORT_BYTES, planAccountsImport } from '@/lib/accounts/csv-import';
import { accountErrorResponse } from '@/lib/http/account-route';
import { adminWrite, json } from '@/lib/http/admin-route';

export const dynamic = 'force-dynamic';

/**
 * Import accounts from a CSV file (multipart/form-data, field `file`). Without `?apply=1` a
 * preview: {applied:false, rows, issues:[{line, field, message}]}. With it, every account is
 * created in one transaction when there is no issue (201 {applied:true, rows, links}); otherwise
 * nothing is written and the answer is 400 with the issues.
 */
export async function POST(req: Request) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  const type = (req.headers.get('content-type') ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) return json({ error: 'Upload the CSV file as multipart/form-data (field "file").' }, 415);
  if (Number(req.headers.get('content-length')) > MAX_IMPORT_BYTES + 64 * 1024) return json({ error: 'The file is larger than 1 MB; split it.' }, 413);
  let file: FormDataEntryValue | null;
  try {
    file = (await req.formData()).get('file');
  } catch {
    return json({ error: 'Could not read the uploaded file.' }, 400);
  }
  if (!file || typeof file === 'string') return json({ error: 'Choose a CSV file (field "file").' }, 400);
  if (file.size > MAX_IMPORT_BYTES) return json({ error: 'The file is larger than 1 MB; split it.' }, 413);
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    if (new URL(req.url).searchParams.get('apply') !== '1') return json(await planAccountsImport(bytes));
    const plan = await applyAccountsImport(bytes, auth.user.id);
    if (plan.applied) return json(plan, 201);
    return json({ ...plan, error: plan.issues.length > 0 ? 'Nothing was imported: fix every row listed first.' : 'Nothing to import.' }, 400);
  } catch (err) {
    return accountErrorResponse(err, 'import the accounts');
  }
}
