import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createCategory,
  deleteCategory,
  getAdminCategoryTree,
  moveCategory,
  renameCategory,
  reorderCategory,
} from '../../lib/content/category-admin';
import { exportContentFiles, exportContentZip } from '../../lib/content/export';
import { LessonDocumentError, parseLessonDocument } from '../../lib/content/frontmatter';
import { readImportFiles } from '../../lib/content/import-files';
import { getCategoryTree, getLessonBySlug } from '../../lib/content/queries';
import { runImport } from '../../lib/content/import-plan';
import { saveLessonFromEditor } from '../../lib/content/lesson-editor';
import { previewLessonDocument } from '../../lib/content/preview';
import { listRevisions, restoreRevision } from '../../lib/content/revisions';
import { deleteLesson, restoreLesson } from '../../lib/content/soft-delete';
import { StudioError } from '../../lib/content/studio-error';
import { upsertLessonDocument } from '../../lib/content/upsert';
import { db, resetDatabase } from '../helpers/db';

const SEED = readFileSync(path.resolve(__dirname, '../../content/lessons/docker-image-layers.md'), 'utf8');

function doc(title: string, categoryPath: string[], body = 'Body.', extra = ''): string {
  return `---\ntitle: "${title}"\ncategoryPath: ${JSON.stringify(categoryPath)}\nauthorNick: "tester"\ncreatedAt: "2026-01-02"\nupdateMode: "upsert"\n${extra}---\n${body}\n`;
}

async function admin() {
  return db.user.create({ data: { email: 'ada@x.test', name: 'Ada Admin', passwordHash: 'h', role: 'ADMIN' } });
}

/** Every lesson's stored document names exactly the chain of categories it is filed under. */
async function expectCategoryPathsConsistent() {
  const categories = await db.category.findMany();
  const byId = new Map(categories.map((c) => [c.id, c]));
  const lessons = await db.lesson.findMany({ include: { revisions: true } });
  for (const lesson of lessons) {
    const current = lesson.revisions.find((r) => r.revision === lesson.revision);
    expect(current, lesson.slug).toBeDefined();
    const parsed = parseLessonDocument(current!.source);
    const names: string[] = [];
    for (let c = byId.get(lesson.categoryId); c; c = c.parentId ? byId.get(c.parentId) : undefined) names.unshift(c.name);
    expect(parsed.frontMatter.categoryPath, lesson.slug).toEqual(names);
    expect(parsed.categorySlugs.join('/'), lesson.slug).toBe(byId.get(lesson.categoryId)!.path);
    expect(current!.contentHash).toBe(lesson.contentHash);
  }
  for (const c of categories) {
    const parent = c.parentId ? byId.get(c.parentId) : undefined;
    expect(c.path).toBe(parent ? `${parent.path}/${c.slug}` : c.slug);
  }
}

describe('category tree operations', () => {
  beforeEach(resetDatabase);

  it('creates, renames, moves, reorders and deletes, keeping every lesson consistent', async () => {
    const ada = await admin();
    await upsertLessonDocument(doc('Layers one', ['Docker', 'Images']));
    await upsertLessonDocument(doc('Layers two', ['Docker', 'Images', 'Deep']));
    await upsertLessonDocument(doc('Cache', ['Docker', 'Build']));

    const docker = await db.category.findUniqueOrThrow({ where: { path: 'docker' } });
    const images = await db.category.findUniqueOrThrow({ where: { path: 'docker/images' } });
    const extra = await createCategory({ name: 'Extra 부록', parentId: docker.id });
    expect(extra.path).toBe('docker/extra-부록');
    await expect(createCategory({ name: 'images', parentId: docker.id })).rejects.toMatchObject({ status: 409 });
    await expect(createCategory({ name: '  ' })).rejects.toMatchObject({ status: 400 });
    await expect(createCategory({ name: '!!!' })).rejects.toThrow(/letter or digit/);

    // Rename: the subtree's paths and the lessons' documents follow, as new revisions by the admin.
    await renameCategory(images.id, 'Images and layers', { actorId: ada.id });
    expect((await db.category.findUniqueOrThrow({ where: { id: images.id } })).path).toBe('docker/images-and-layers');
    expect(await db.category.findUnique({ where: { path: 'docker/images-and-layers/deep' } })).not.toBeNull();
    const two = await db.lesson.findUniqueOrThrow({ where: { slug: 'layers-two' }, include: { revisions: { orderBy: { revision: 'asc' } } } });
    expect(two.revision).toBe(2);
    expect(two.revisions[1]).toMatchObject({ authorId: ada.id, note: 'category "Images" renamed to "Images and layers"' });
    expect(two.revisions[1].source).toContain('categoryPath: [ "Docker", "Images and layers", "Deep" ]');
    expect(two.revisions[1].source).toContain('title: "Layers two"'); // other fields kept as written
    await expectCategoryPathsConsistent();

    // Move "Images and layers" under "Extra 부록"; refuse a move into its own subtree.
    const deep = await db.category.findUniqueOrThrow({ where: { path: 'docker/images-and-layers/deep' } });
    await expect(moveCategory(images.id, deep.id)).rejects.toMatchObject({ status: 400 });
    await moveCategory(images.id, extra.id, { actorId: ada.id });
    expect(await db.category.findUnique({ where: { path: 'docker/extra-부록/images-and-layers/deep' } })).not.toBeNull();
    await expectCategoryPathsConsistent();
    // Moving to the root works too, and the moved lesson is public under its new path.
    await moveCategory(deep.id, null, { actorId: ada.id });
    expect((await db.category.findUniqueOrThrow({ where: { id: deep.id } })).path).toBe('deep');
    await expectCategoryPathsConsistent();

    // A sibling with the same slug blocks a rename or move, and nothing changes.
    await createCategory({ name: 'Build', parentId: null });
    const rootBuild = await db.category.findUniqueOrThrow({ where: { path: 'build' } });
    const before = await db.category.findMany({ orderBy: { path: 'asc' } });
    await expect(moveCategory(rootBuild.id, docker.id)).rejects.toMatchObject({ status: 409 });
    await expect(renameCategory(deep.id, 'BUILD')).rejects.toMatchObject({ status: 409 });
    expect(await db.category.findMany({ orderBy: { path: 'asc' } })).toEqual(before);

    // Reorder among siblings: explicit positions 0..n-1 in the chosen order.
    const roots = async () => (await getAdminCategoryTree()).map((n) => n.name);
    // (a moved or created category is placed after its new siblings)
    expect(await roots()).toEqual(['Docker', 'Deep', 'Build']);
    await reorderCategory(rootBuild.id, 0);
    expect(await roots()).toEqual(['Build', 'Docker', 'Deep']);
    await reorderCategory(docker.id, 99);
    expect(await roots()).toEqual(['Build', 'Deep', 'Docker']);
    expect((await db.category.findMany({ where: { parentId: null }, orderBy: { position: 'asc' } })).map((c) => c.position)).toEqual([0, 1, 2]);

    // Delete only when empty; deleted lessons count (they are restorable).
    await expect(deleteCategory(docker.id)).rejects.toMatchObject({ status: 409 });
    await expect(deleteCategory(deep.id)).rejects.toThrow(/1 lesson/);
    const lessonTwo = await db.lesson.findUniqueOrThrow({ where: { slug: 'layers-two' } });
    await deleteLesson(lessonTwo.id);
    await expect(deleteCategory(deep.id)).rejects.toThrow(/1 lesson \(1 deleted, restorable\)/);
    await deleteCategory(rootBuild.id);
    expect(await db.category.findUnique({ where: { id: rootBuild.id } })).toBeNull();
    await expect(deleteCategory(rootBuild.id)).rejects.toMatchObject({ status: 404 });
  });

  it('ends consistent (no deadlock) when renames, upserts and an import hit the same subtree at once', async () => {
    await upsertLessonDocument(doc('Busy one', ['Docker', 'Images']));
    const images = await db.category.findUniqueOrThrow({ where: { path: 'docker/images' } });
    for (let round = 0; round < 4; round++) {
      await Promise.all([
        renameCategory(images.id, `Images ${round}`),
        upsertLessonDocument(doc('Busy one', ['Docker', round % 2 ? `Images ${round - 1}` : 'Images'], `round ${round}`)),
        upsertLessonDocument(doc(`Busy new ${round}`, ['Docker', 'Images'])),
        runImport(readImportFiles([
          { name: 'busy.md', bytes: strToU8(doc('Busy one', ['Docker', 'Images'], `import ${round}`)) },
          { name: 'busy-new.md', bytes: strToU8(doc(`Busy new ${round}`, ['Docker', 'Images'], 'imported')) },
        ]), { apply: true }).then((plan) => expect(plan.applied).toBe(true)),
      ]);
      await expectCategoryPathsConsistent();
    }
    expect((await db.category.findUniqueOrThrow({ where: { id: images.id } })).name).toBe('Images 3');
  });

  it('refuses to nest categories deeper than 10 levels, changing nothing', async () => {
    await upsertLessonDocument(doc('Only', ['Docker', 'Images']));
    const images = await db.category.findUniqueOrThrow({ where: { path: 'docker/images' } });
    const before = await db.category.findMany({ orderBy: { path: 'asc' } });
    let parent = images.id;
    for (let i = 0; i < 8; i++) parent = (await createCategory({ name: `L${i}`, parentId: parent })).id;
    await expect(createCategory({ name: 'too deep', parentId: parent })).rejects.toMatchObject({ status: 400 });
    const docker = await db.category.findUniqueOrThrow({ where: { path: 'docker' } });
    const other = await createCategory({ name: 'Other', parentId: null });
    await expect(moveCategory(docker.id, other.id)).rejects.toThrow(/10 levels/);
    expect((await db.category.findMany({ orderBy: { path: 'asc' } })).filter((c) => before.some((b) => b.id === c.id))).toEqual(before);
  });
});

describe('editor save, preview, revisions and soft delete', () => {
  beforeEach(resetDatabase);

  it('restoring an old revision keeps the lesson in its current (renamed) category', async () => {
    const first = await upsertLessonDocument(doc('Kept in place', ['Docker', 'Old name'], 'First.'));
    await upsertLessonDocument(doc('Kept in place', ['Docker', 'Old name'], 'Second.'));
    const lesson = await db.lesson.findUniqueOrThrow({ where: { slug: first.slug } });
    await renameCategory(lesson.categoryId, 'New name');
    const restored = await restoreRevision(lesson.id, 1);
    expect(restored.status).toBe('updated');
    const after = await db.lesson.findUniqueOrThrow({ where: { id: lesson.id }, include: { category: true } });
    expect(after.body).toBe('First.');
    expect(after.category.name).toBe('New name');
    expect(await db.category.count({ where: { name: 'Old name' } })).toBe(0);
  });

  it('saves through the upsert with the author, refuses a silent fork, restores as a new revision', async () => {
    const ada = await admin();
    const first = doc('Editor lesson', ['Docker', 'Studio'], 'First body.');
    const saved = await saveLessonFromEditor({ source: first }, { actorId: ada.id });
    expect(saved).toMatchObject({ status: 'created', slug: 'editor-lesson', revision: 1 });

    // "New lesson" must not overwrite an existing one.
    await expect(saveLessonFromEditor({ source: first.replace('First', 'Other') })).rejects.toMatchObject({ status: 409 });

    const second = first.replace('First body.', 'Second body.');
    expect(await saveLessonFromEditor({ source: second, lessonId: saved.lessonId }, { actorId: ada.id })).toMatchObject({ status: 'updated', revision: 2 });

    // A changed title would derive another URL: refused at the title's line, nothing written.
    const renamed = second.replace('title: "Editor lesson"', 'title: "Renamed lesson"');
    const err = await saveLessonFromEditor({ source: renamed, lessonId: saved.lessonId }).catch((e) => e);
    expect(err).toBeInstanceOf(LessonDocumentError);
    expect(err.issues[0]).toMatchObject({ field: 'title', line: 2 });
    expect(err.issues[0].message).toContain('slug: "editor-lesson"');
    expect(await db.lesson.count()).toBe(1);
    // With the slug kept explicitly the title can change.
    const kept = renamed.replace('updateMode: "upsert"\n', 'updateMode: "upsert"\nslug: "editor-lesson"\n');
    expect(await saveLessonFromEditor({ source: kept, lessonId: saved.lessonId }, { actorId: ada.id })).toMatchObject({ status: 'updated', revision: 3 });

    const revisions = await listRevisions(saved.lessonId);
    expect(revisions.map((r) => [r.revision, r.current, r.author?.name])).toEqual([
      [3, true, 'Ada Admin'],
      [2, false, 'Ada Admin'],
      [1, false, 'Ada Admin'],
    ]);

    const restored = await restoreRevision(saved.lessonId, 1, { actorId: ada.id });
    expect(restored).toMatchObject({ status: 'updated', revision: 4 });
    const lesson = await db.lesson.findUniqueOrThrow({ where: { id: saved.lessonId }, include: { revisions: { orderBy: { revision: 'asc' } } } });
    expect(lesson.body).toBe('First body.');
    expect(lesson.title).toBe('Editor lesson');
    expect(lesson.revisions.map((r) => r.revision)).toEqual([1, 2, 3, 4]);
    expect(lesson.revisions[3]).toMatchObject({ note: 'restored revision 1', authorId: ada.id, contentHash: lesson.revisions[0].contentHash });
    // Restoring the current one changes nothing.
    expect(await restoreRevision(saved.lessonId, 4)).toMatchObject({ status: 'unchanged', revision: 4 });
    await expect(restoreRevision(saved.lessonId, 9)).rejects.toMatchObject({ status: 404 });

    // Soft delete keeps everything and is restorable; idempotent both ways.
    const del = await deleteLesson(saved.lessonId);
    expect(del.deletedAt).toBeInstanceOf(Date);
    await deleteLesson(saved.lessonId);
    expect(await db.lessonRevision.count({ where: { lessonId: saved.lessonId } })).toBe(4);
    // Hidden from the public queries (lesson page, category tree) while deleted.
    expect(await getLessonBySlug('editor-lesson')).toBeNull();
    expect(JSON.stringify(await getCategoryTree())).not.toContain('editor-lesson');
    expect((await restoreLesson(saved.lessonId)).deletedAt).toBeNull();
    expect((await db.lesson.findUniqueOrThrow({ where: { id: saved.lessonId } })).deletedAt).toBeNull();
    expect((await getLessonBySlug('editor-lesson'))?.body).toBe('First body.');
    expect(JSON.stringify(await getCategoryTree())).toContain('editor-lesson');
    await expect(deleteLesson('nope')).rejects.toBeInstanceOf(StudioError);
  });

  it('previews with the lesson renderer and reports issues with lines', async () => {
    const ok = await previewLessonDocument(SEED);
    expect(ok.issues).toEqual([]);
    expect(ok.title).toBe('3.4 도커 이미지와 이미지 레이어 이해하기');
    expect(ok.html).toContain('<h2');
    expect(ok.html).toContain('{{.ID}}');
    const bad = await previewLessonDocument(doc('X', ['A'], '## Still rendered').replace('createdAt: "2026-01-02"', 'createdAt: "2026-02-30"'));
    expect(bad.issues).toEqual([expect.objectContaining({ field: 'createdAt', line: 5 })]);
    expect(bad.html).toContain('Still rendered');
    // A YAML alias bomb is a problem of the document (line given), not a failure of the server.
    const bomb = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]', '---', 'Body'].join('\n');
    const bombed = await previewLessonDocument(bomb);
    expect(bombed.issues.length).toBeGreaterThan(0);
    expect(bombed.issues[0].message.toLowerCase()).toContain('alias');
    await expect(saveLessonFromEditor({ source: bomb })).rejects.toBeInstanceOf(LessonDocumentError);
    const plan = await runImport(readImportFiles([{ name: 'bomb.md', bytes: strToU8(bomb) }]), { apply: false });
    expect(plan.documents[0]).toMatchObject({ name: 'bomb.md', status: 'invalid' });
  });
});

describe('import (dry run, apply) and export round trip', () => {
  beforeEach(resetDatabase);

  it('a dry run lists created/updated/unchanged/invalid and writes nothing; apply is all or nothing', async () => {
    const ada = await admin();
    await upsertLessonDocument(doc('Kept', ['Docker']));
    await upsertLessonDocument(doc('Changed', ['Docker']));
    const zip = zipSync({
      'lessons/kept.md': strToU8(doc('Kept', ['Docker'])),
      'lessons/changed.md': strToU8(doc('Changed', ['Docker'], 'New body.')),
      '__MACOSX/._kept.md': strToU8('junk'),
      'notes.txt': strToU8('not a lesson'),
    });
    const bundle = readImportFiles([
      { name: 'new.mdx', bytes: strToU8(doc('Brand new', ['Docker', 'New'])) },
      { name: 'bundle.zip', bytes: zip },
      { name: 'broken.md', bytes: strToU8(doc('Broken', ['Docker']).replace('updateMode: "upsert"', 'updateMode: "replace"')) },
      { name: 'latin1.md', bytes: new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xe9]) },
    ]);
    expect(bundle.skipped).toEqual(['bundle.zip: notes.txt']);

    const before = await db.lessonRevision.count();
    const plan = await runImport(bundle, { apply: false });
    expect(plan.applied).toBe(false);
    const byName = Object.fromEntries(plan.documents.map((d) => [d.name, d]));
    expect(byName['new.mdx']).toMatchObject({ status: 'created', slug: 'brand-new' });
    expect(byName['bundle.zip: lessons/kept.md']).toMatchObject({ status: 'unchanged' });
    expect(byName['bundle.zip: lessons/changed.md']).toMatchObject({ status: 'updated' });
    expect(byName['broken.md'].status).toBe('invalid');
    expect(byName['broken.md'].issues?.[0]).toMatchObject({ field: 'updateMode', line: 6 });
    expect(byName['latin1.md'].issues?.[0].message).toContain('UTF-8');
    expect(plan.counts).toEqual({ created: 1, updated: 1, unchanged: 1, invalid: 2 });
    expect(await db.lessonRevision.count()).toBe(before);
    expect(await db.category.findUnique({ where: { path: 'docker/new' } })).toBeNull();

    // Apply with invalid documents: refused, nothing written.
    const refused = await runImport(bundle, { apply: true });
    expect(refused.applied).toBe(false);
    expect(await db.lesson.count()).toBe(2);

    // Without them it applies in one go, by the admin.
    const good = readImportFiles([
      { name: 'new.mdx', bytes: strToU8(doc('Brand new', ['Docker', 'New'])) },
      { name: 'bundle.zip', bytes: zip },
    ]);
    const applied = await runImport(good, { apply: true, author: { actorId: ada.id } });
    expect(applied.applied).toBe(true);
    expect(applied.counts).toEqual({ created: 1, updated: 1, unchanged: 1, invalid: 0 });
    expect((await db.lesson.findUniqueOrThrow({ where: { slug: 'changed' } })).body).toBe('New body.');
    expect((await db.lessonRevision.findFirstOrThrow({ where: { lesson: { slug: 'brand-new' } } })).authorId).toBe(ada.id);
    // The same again: all unchanged.
    expect((await runImport(good, { apply: true })).counts).toEqual({ created: 0, updated: 0, unchanged: 3, invalid: 0 });

    // Two documents for one lesson in one upload: the second is invalid, naming the first.
    const dup = await runImport(readImportFiles([
      { name: 'a.md', bytes: strToU8(doc('Same', ['Docker'])) },
      { name: 'b.md', bytes: strToU8(doc('Same', ['Docker'], 'other')) },
    ]), { apply: false });
    expect(dup.documents.find((d) => d.name === 'b.md')?.issues?.[0].message).toContain('a.md');
    // Not a zip.
    const junk = readImportFiles([{ name: 'x.zip', bytes: strToU8('PK nope') }]);
    expect(junk.problems[0]).toMatchObject({ name: 'x.zip' });
    expect(junk.problems[0].message).toMatch(/not a readable zip/);
  });

  it('export → import into an empty database gives the same state (and into the same one, no change)', async () => {
    const ada = await admin();
    await upsertLessonDocument(SEED);
    await upsertLessonDocument(doc('Cache basics', ['Docker', 'Build cache'], '# Cache\n\n`{{.ID}}` stays.'));
    await upsertLessonDocument(doc('Gone', ['Docker', 'Build cache']));
    const cacheBasics = await db.lesson.findUniqueOrThrow({ where: { slug: 'cache-basics' } });
    await saveLessonFromEditor({ source: doc('Cache basics', ['Docker', 'Build cache'], 'Edited.'), lessonId: cacheBasics.id }, { actorId: ada.id });
    const empty = await createCategory({ name: 'Empty 빈', parentId: null });
    const docker = await db.category.findUniqueOrThrow({ where: { path: 'docker' } });
    await reorderCategory(empty.id, 0);
    await renameCategory((await db.category.findUniqueOrThrow({ where: { path: 'docker/build-cache' } })).id, 'Build cache 캐시', { actorId: ada.id });
    await reorderCategory((await db.category.findUniqueOrThrow({ where: { path: 'docker/build-cache-캐시' } })).id, 0);
    await deleteLesson((await db.lesson.findUniqueOrThrow({ where: { slug: 'gone' } })).id);
    expect(docker).toBeTruthy();

    const state = async () => {
      const categories = await db.category.findMany({ orderBy: { path: 'asc' }, include: { parent: { select: { path: true } } } });
      const lessons = await db.lesson.findMany({ where: { deletedAt: null }, orderBy: { slug: 'asc' }, include: { category: { select: { path: true } } } });
      return {
        categories: categories.map((c) => ({ path: c.path, name: c.name, slug: c.slug, position: c.position, parent: c.parent?.path ?? null })),
        lessons: lessons.map((l) => ({ slug: l.slug, title: l.title, authorNick: l.authorNick, authoredOn: l.authoredOn, body: l.body, contentHash: l.contentHash, category: l.category.path })),
      };
    };
    const original = await state();
    expect(original.lessons.map((l) => l.slug)).not.toContain('gone');

    const zip = await exportContentZip();
    const names = Object.keys(unzipSync(zip)).sort();
    expect(names).toEqual(['categories.yaml', 'lessons/3-4-도커-이미지와-이미지-레이어-이해하기.md', 'lessons/cache-basics.md']);
    expect((await exportContentFiles()).find((f) => f.path === 'lessons/cache-basics.md')?.text).toContain('"Build cache 캐시"');

    // Same database: nothing to do.
    const same = await runImport(readImportFiles([{ name: 'export.zip', bytes: zip }]), { apply: false });
    expect(same.counts).toEqual({ created: 0, updated: 0, unchanged: 2, invalid: 0 });
    expect(same.categories.every((c) => c.status === 'unchanged')).toBe(true);

    // Empty database: the same state back.
    await resetDatabase();
    const plan = await runImport(readImportFiles([{ name: 'export.zip', bytes: zip }]), { apply: false });
    expect(plan.counts).toEqual({ created: 2, updated: 0, unchanged: 0, invalid: 0 });
    expect(await db.lesson.count()).toBe(0);
    const applied = await runImport(readImportFiles([{ name: 'export.zip', bytes: zip }]), { apply: true });
    expect(applied.applied).toBe(true);
    expect(await state()).toEqual(original);
    // And exporting again gives the same archive.
    expect(Buffer.from(await exportContentZip()).equals(Buffer.from(zip))).toBe(true);
  });
});

describe('npm run content:sync', () => {
  beforeEach(resetDatabase);

  it('prints the dry run, applies it, refuses invalid documents and honours --dry-run', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const { main } = await import('../../scripts/content-sync');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-sync-'));
    try {
      mkdirSync(path.join(dir, 'docker'));
      writeFileSync(path.join(dir, 'docker', 'a.md'), doc('Sync A', ['Docker']));
      writeFileSync(path.join(dir, 'b.mdx'), doc('Sync B', ['Docker', 'More']));
      writeFileSync(path.join(dir, 'readme.txt'), 'ignored');
      const lines: string[] = [];
      expect(await main([dir, '--dry-run'], (l) => lines.push(l))).toBe(0);
      expect(lines.join('\n')).toMatch(/created\s+b\.mdx → sync-b/);
      expect(lines.join('\n')).toMatch(/created\s+docker\/a\.md → sync-a/);
      expect(await db.lesson.count()).toBe(0);

      lines.length = 0;
      expect(await main([dir], (l) => lines.push(l))).toBe(0);
      expect(lines.at(-1)).toBe('Applied in one transaction: 2 created, 0 updated, 0 unchanged.');
      expect(await db.lesson.count()).toBe(2);

      writeFileSync(path.join(dir, 'b.mdx'), doc('Sync B', ['Docker', 'More'], 'changed'));
      writeFileSync(path.join(dir, 'bad.md'), doc('Bad', ['Docker']).replace('createdAt: "2026-01-02"', 'createdAt: "someday"'));
      lines.length = 0;
      expect(await main([dir], (l) => lines.push(l))).toBe(1);
      expect(lines.join('\n')).toContain('line 5: createdAt');
      expect(lines.at(-1)).toBe('Nothing was written: fix the invalid documents first.');
      expect((await db.lesson.findUniqueOrThrow({ where: { slug: 'sync-b' } })).body).toBe('Body.');

      expect(await main([], () => {})).toBe(2);
      expect(await main([path.join(dir, 'nope')], (l) => lines.push(l))).toBe(2);
      expect(lines.at(-1)).toContain('not a readable directory');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imports an unpacked export to the same lessons', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const { main } = await import('../../scripts/content-sync');
    await upsertLessonDocument(SEED);
    const empty = await createCategory({ name: 'Appendix', parentId: null });
    await reorderCategory(empty.id, 0);
    const files = await exportContentFiles();
    const before = (await getAdminCategoryTree()).map((n) => n.name);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-export-'));
    try {
      for (const f of files) {
        mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        writeFileSync(path.join(dir, f.path), f.text);
      }
      await resetDatabase();
      expect(await main([dir], () => {})).toBe(0);
      expect((await getAdminCategoryTree()).map((n) => n.name)).toEqual(before);
      expect(await db.lesson.count()).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
