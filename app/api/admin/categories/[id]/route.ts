import { deleteCategory, moveCategory, renameCategory, reorderCategory } from '@/lib/content/category-admin';
import { adminWrite, errorResponse, json, readJsonBody , written } from '@/lib/http/admin-route';
import { UpdateCategorySchema } from '@/lib/validations/studio';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/**
 * Rename {name}, move {parentId} (null: top level) or reorder {position} a category. Renames and
 * moves refile the lessons below it in the same transaction (new revisions by this admin).
 */
export async function PATCH(req: Request, ctx: Ctx) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, UpdateCategorySchema);
  if (body.response) return body.response;
  const { id } = await ctx.params;
  const author = { actorId: auth.user.id };
  try {
    const change = body.data;
    if ('name' in change) return written(await renameCategory(id, change.name, author));
    if ('parentId' in change) return written(await moveCategory(id, change.parentId, author));
    await reorderCategory(id, change.position);
    return written({ id, position: change.position });
  } catch (err) {
    return errorResponse(err, 'change the category');
  }
}

/** Delete an empty category (no subcategories, no lessons, deleted ones included): 409 otherwise. */
export async function DELETE(req: Request, ctx: Ctx) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  const { id } = await ctx.params;
  try {
    await deleteCategory(id);
    return written({ deleted: id });
  } catch (err) {
    return errorResponse(err, 'delete the category');
  }
}
