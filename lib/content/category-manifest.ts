import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { compareCategories } from './category-order';
import type { Prisma } from '../generated/prisma/client';
import { slugify } from './slug';

/**
 * `categories.yaml` in an export: the category tree with names and order, so an import recreates
 * empty categories and the order an admin chose (lesson documents alone carry neither):
 *
 *     categories:
 *       - name: Docker
 *         position: 0
 *         children:
 *           - name: 3장 도커 이미지 만들기
 *             position: 0
 *
 * On import, a category missing at that path is created with the name given; an existing one
 * gets the position given and keeps its name (as an upsert keeps the names it finds).
 */
export const MANIFEST_FILE = 'categories.yaml';

export interface ManifestNode {
  name: string;
  position: number;
  children?: ManifestNode[];
}

const NodeSchema: z.ZodType<ManifestNode> = z.lazy(() =>
  z.strictObject({
    name: z.string().trim().min(1).max(200),
    position: z.number().int().min(0).max(1_000_000),
    children: z.array(NodeSchema).max(10_000).optional(),
  }),
);
const ManifestSchema = z.strictObject({ categories: z.array(NodeSchema).max(10_000) });

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** Parse categories.yaml. Throws ManifestError naming the field (aliases are refused outright). */
export function parseCategoryManifest(text: string): ManifestNode[] {
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 0, uniqueKeys: true });
  } catch (err) {
    throw new ManifestError(`${MANIFEST_FILE}: not valid YAML: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
  }
  const parsed = ManifestSchema.safeParse(data);
  if (!parsed.success) {
    const iss = parsed.error.issues[0];
    const where = iss.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new ManifestError(`${MANIFEST_FILE}: ${where || '(top level)'}: ${iss.message}`);
  }
  return parsed.data.categories;
}

/** categories.yaml for the given categories (all of them, any order). */
export function writeCategoryManifest(
  categories: { id: string; name: string; position: number; parentId: string | null }[],
): string {
  const build = (parentId: string | null): ManifestNode[] =>
    categories
      .filter((c) => c.parentId === parentId)
      .sort(compareCategories)
      .map((c) => {
        const children = build(c.id);
        return { name: c.name, position: c.position, ...(children.length ? { children } : {}) };
      });
  return `# LayerLab category tree: names and order (read by the studio's import and npm run content:sync)\n${stringify({ categories: build(null) }, { lineWidth: 0 })}`;
}

export interface ManifestChange {
  path: string;
  name: string;
  status: 'created' | 'reordered' | 'unchanged';
}

/** Category paths a manifest names (for locking before it is applied). Throws ManifestError. */
export function manifestPaths(nodes: ManifestNode[], parent = ''): string[] {
  return nodes.flatMap((node) => {
    const slug = slugify(node.name);
    if (!slug) throw new ManifestError(`${MANIFEST_FILE}: the category name "${node.name}" needs a letter or digit.`);
    const path = parent ? `${parent}/${slug}` : slug;
    return [path, ...manifestPaths(node.children ?? [], path)];
  });
}

/**
 * Apply a parsed manifest inside the caller's transaction; returns what happened per category.
 * The caller holds the paths' locks (manifestPaths + lib/content/locks.ts).
 */
export async function applyCategoryManifest(tx: Prisma.TransactionClient, nodes: ManifestNode[]): Promise<ManifestChange[]> {
  const changes: ManifestChange[] = [];
  const walk = async (list: ManifestNode[], parent: { id: string; path: string } | null) => {
    for (const node of list) {
      const slug = slugify(node.name);
      if (!slug) throw new ManifestError(`${MANIFEST_FILE}: the category name "${node.name}" needs a letter or digit.`);
      const path = parent ? `${parent.path}/${slug}` : slug;
      if (path.split('/').length > 10) throw new ManifestError(`${MANIFEST_FILE}: "${path}" is nested deeper than 10 levels.`);
      const found = await tx.category.findUnique({ where: { path }, select: { id: true, position: true } });
      let id: string;
      if (!found) {
        id = (await tx.category.create({ data: { path, slug, name: node.name, parentId: parent?.id ?? null, position: node.position }, select: { id: true } })).id;
        changes.push({ path, name: node.name, status: 'created' });
      } else {
        id = found.id;
        if (found.position !== node.position) await tx.category.update({ where: { id }, data: { position: node.position } });
        changes.push({ path, name: node.name, status: found.position !== node.position ? 'reordered' : 'unchanged' });
      }
      await walk(node.children ?? [], { id, path });
    }
  };
  await walk(nodes, null);
  return changes;
}
