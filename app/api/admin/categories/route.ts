import { createCategory, getAdminCategoryTree } from '@/lib/content/category-admin';
import { adminRead, adminWrite, errorResponse, json, readJsonBody , written } from '@/lib/http/admin-route';
import { CreateCategorySchema } from '@/lib/validations/studio';

export const dynamic = 'force-dynamic';

/** The category tree with every lesson (deleted ones marked). Admin only. */
export async function GET() {
  const auth = await adminRead();
  if (auth.response) return auth.response;
  try {
    return json({ tree: await getAdminCategoryTree() });
  } catch (err) {
    return errorResponse(err, 'load the category tree');
  }
}

/** Create a category: {name, parentId?} → 201 {id, path, name}; 400 bad name, 404 parent, 409 taken. */
export async function POST(req: Request) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, CreateCategorySchema);
  if (body.response) return body.response;
  try {
    return written(await createCategory(body.data), 201);
  } catch (err) {
    return errorResponse(err, 'create the category');
  }
}
