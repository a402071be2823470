import { readImportFiles, type UploadedFile } from '@/lib/content/import-files';
import { runImport } from '@/lib/content/import-plan';
import { adminWrite, errorResponse, json , written } from '@/lib/http/admin-route';

export const dynamic = 'force-dynamic';

/** Whole upload, before unpacking: an export of the course is a few MB. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * Import `.md`/`.mdx` documents and/or `.zip` archives (multipart/form-data, field `files`).
 * `?apply=1` applies in one transaction; without it a dry run. Both answer the plan:
 * {applied, documents:[{name, status created|updated|unchanged|invalid, slug, issues}], categories, counts}.
 * An apply with any invalid document writes nothing and answers 400 with the plan.
 */
export async function POST(req: Request) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  const type = (req.headers.get('content-type') ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) {
    return json({ error: 'Upload the files as multipart/form-data (field "files").' }, 415);
  }
  if (Number(req.headers.get('content-length')) > MAX_UPLOAD_BYTES) {
    return json({ error: 'The upload is larger than 20 MB; split it.' }, 413);
  }
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return json({ error: 'Could not read the uploaded files.' }, 400);
  }
  const files: UploadedFile[] = [];
  let total = 0;
  for (const entry of form.getAll('files')) {
    if (typeof entry === 'string') continue;
    total += entry.size;
    if (total > MAX_UPLOAD_BYTES) return json({ error: 'The upload is larger than 20 MB; split it.' }, 413);
    files.push({ name: entry.name || 'upload', bytes: new Uint8Array(await entry.arrayBuffer()) });
  }
  if (files.length === 0) return json({ error: 'Choose at least one .md, .mdx or .zip file (field "files").' }, 400);
  const apply = new URL(req.url).searchParams.get('apply') === '1';
  try {
    const plan = await runImport(readImportFiles(files), { apply, author: { actorId: auth.user.id } });
    return plan.applied ? written(plan) : json(plan, apply ? 400 : 200);
  } catch (err) {
    return errorResponse(err, 'import the documents');
  }
}
