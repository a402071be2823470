import { strToU8, zipSync } from 'fflate';
import { db as defaultDb, type PrismaClient } from '../db/client';
import { MANIFEST_FILE, writeCategoryManifest } from './category-manifest';

/**
 * Export all content as front-matter documents: every lesson that is not deleted, as the document
 * of its current revision (`lessons/<slug>.md`, `.mdx` when its front matter says `format: mdx`),
 * plus `categories.yaml` with the category tree's names and order. Imported back (studio upload or
 * `npm run content:sync -- <dir>` on the unpacked folder) it gives the same lessons and tree.
 */
export interface ExportFile {
  path: string;
  text: string;
}

export async function exportContentFiles(client: PrismaClient = defaultDb): Promise<ExportFile[]> {
  const [categories, lessons] = await Promise.all([
    client.category.findMany({ select: { id: true, name: true, position: true, parentId: true } }),
    client.lesson.findMany({
      where: { deletedAt: null },
      orderBy: { slug: 'asc' },
      select: { id: true, slug: true, revision: true },
    }),
  ]);
  const sources = await client.lessonRevision.findMany({
    where: { OR: lessons.map((l) => ({ lessonId: l.id, revision: l.revision })) },
    select: { lessonId: true, source: true },
  });
  const sourceOf = new Map(sources.map((s) => [s.lessonId, s.source]));
  const files: ExportFile[] = [{ path: MANIFEST_FILE, text: writeCategoryManifest(categories) }];
  for (const lesson of lessons) {
    const source = sourceOf.get(lesson.id);
    if (source === undefined) continue; // every lesson has its current revision
    const ext = /^format:\s*["']?mdx\b/m.test(source.split(/\n---/)[0] ?? '') ? 'mdx' : 'md';
    files.push({ path: `lessons/${lesson.slug}.${ext}`, text: `${source}\n` });
  }
  return files;
}

/** The export as one zip archive (UTF-8 names, deflate). */
export async function exportContentZip(client: PrismaClient = defaultDb): Promise<Uint8Array> {
  const files = await exportContentFiles(client);
  // A fixed date keeps the same content byte-identical across exports.
  const mtime = new Date('2026-01-01T00:00:00Z');
  return zipSync(Object.fromEntries(files.map((f) => [f.path, [strToU8(f.text), { mtime }]])), { level: 6 });
}
