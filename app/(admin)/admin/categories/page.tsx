import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/session';
import { getAdminCategoryTree } from '@/lib/content/category-admin';
import { Role } from '@/lib/db/index';
import { CategoryTreeEditor } from '../_components/category-tree-editor';
import { StudioNav } from '../_components/studio-nav';
import '../studio.css';

export const metadata: Metadata = { title: 'Categories · Studio' };
export const dynamic = 'force-dynamic';

/** The category tree: create, rename, move, reorder, delete when empty. */
export default async function CategoriesPage() {
  await requireUser([Role.ADMIN], '/admin/categories');
  const tree = await getAdminCategoryTree();
  return (
    <section>
      <h1>Categories</h1>
      <StudioNav />
      <p className="muted">
        Renaming or moving a category refiles every lesson below it (a new revision of each, so its
        <code> categoryPath</code> names the new place). Only an empty category can be deleted.
      </p>
      <CategoryTreeEditor tree={tree} />
    </section>
  );
}
