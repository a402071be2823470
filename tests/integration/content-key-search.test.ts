import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { LessonDocumentError } from '../../lib/content/frontmatter';
import { searchLessons } from '../../lib/content/search';
import { LessonKeyConflictError, upsertLessonDocument } from '../../lib/content/upsert';
import { db, resetDatabase } from '../helpers/db';

const SEED = readFileSync(path.resolve(__dirname, '../../content/lessons/docker-image-layers.md'), 'utf8');
const MDX = readFileSync(path.resolve(__dirname, '../../content/lessons/build-cache-in-practice.mdx'), 'utf8');
const SLUG = '3-4-도커-이미지와-이미지-레이어-이해하기';
const TITLE = '3.4 도커 이미지와 이미지 레이어 이해하기';

async function snapshot() {
  const [categories, lessons, revisions] = await Promise.all([
    db.category.findMany({ orderBy: { path: 'asc' } }),
    db.lesson.findMany({ orderBy: { slug: 'asc' } }),
    db.lessonRevision.findMany({ orderBy: [{ lessonId: 'asc' }, { revision: 'asc' }] }),
  ]);
  return { categories, lessons, revisions };
}

/** A small document; `extra` lines go into the front matter. */
function doc(title: string, body: string, extra = '', category = '부록'): string {
  return `---\ntitle: "${title}"\ncategoryPath: ["Docker", "${category}"]\nauthorNick: "t"\ncreatedAt: "2026-01-01"\nupdateMode: "upsert"\n${extra}---\n${body}\n`;
}

describe('lesson key: explicit slug or the title', () => {
  beforeEach(resetDatabase);

  it('refuses a new document whose title slugifies to another lesson, naming it, and writes nothing', async () => {
    await upsertLessonDocument(SEED);
    const before = await snapshot();
    const intruder = doc(`${TITLE}!`, '덮어쓰기 시도.', '', '다른 곳');
    const err = await upsertLessonDocument(intruder).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LessonKeyConflictError);
    expect((err as LessonKeyConflictError).other).toEqual({ slug: SLUG, title: TITLE, url: `/lessons/${encodeURIComponent(SLUG)}` });
    expect((err as Error).message).toContain(`"${TITLE}"`);
    expect(await snapshot()).toEqual(before); // not overwritten, not moved, no category created
  });

  it('updates by an explicit slug, and then only an explicit slug reaches that lesson', async () => {
    await upsertLessonDocument(SEED);
    const { id } = await db.lesson.findUniqueOrThrow({ where: { slug: SLUG } });
    const renamed = doc('Image layers (renamed)', 'New body.', `slug: ${SLUG}\n`);
    expect(await upsertLessonDocument(renamed)).toMatchObject({ status: 'updated', slug: SLUG, revision: 2 });
    const lesson = await db.lesson.findUniqueOrThrow({ where: { slug: SLUG } });
    expect(lesson).toMatchObject({ id, title: 'Image layers (renamed)', slugExplicit: true });
    // The original document (no slug) now derives a key that is held explicitly: a conflict.
    await expect(upsertLessonDocument(SEED)).rejects.toBeInstanceOf(LessonKeyConflictError);
    // A different explicit slug makes a separate lesson.
    expect(await upsertLessonDocument(doc(TITLE, 'Copy.', 'slug: layers-copy\n'))).toMatchObject({ status: 'created', slug: 'layers-copy' });
    expect(await db.lesson.count()).toBe(2);
  });

  it('keeps updating a slug-less lesson from its own title (the seed re-upserted with changes)', async () => {
    await upsertLessonDocument(SEED);
    const res = await upsertLessonDocument(SEED.replace('## 이미지 레이어의 기본 개념', '## 이미지 레이어의 기본 개념 (개정)'));
    expect(res).toMatchObject({ status: 'updated', slug: SLUG, revision: 2 });
  });

  it('dry run reports what would happen and writes nothing', async () => {
    const before = await snapshot();
    expect(await upsertLessonDocument(SEED, { dryRun: true })).toMatchObject({ status: 'created', slug: SLUG, revision: 1 });
    expect(await snapshot()).toEqual(before);
    await upsertLessonDocument(SEED);
    expect(await upsertLessonDocument(SEED, { dryRun: true })).toMatchObject({ status: 'unchanged', revision: 1 });
    expect(await upsertLessonDocument(`${SEED}\n추가.`, { dryRun: true })).toMatchObject({ status: 'updated', revision: 2 });
    await expect(upsertLessonDocument(doc(`${TITLE}?`, 'x'), { dryRun: true })).rejects.toBeInstanceOf(LessonKeyConflictError);
  });

  it('stores format, headings and description, and repairs them on an unchanged upsert', async () => {
    await upsertLessonDocument(SEED);
    const lesson = await db.lesson.findUniqueOrThrow({ where: { slug: SLUG } });
    expect(lesson.format).toBe('md');
    expect(lesson.headings.split('\n')).toContain('이미지 레이어의 기본 개념');
    expect(lesson.description.startsWith('Docker 이미지의 레이어 시스템을 이해하는 것은')).toBe(true);
    await db.lesson.update({ where: { slug: SLUG }, data: { headings: '', description: '' } });
    expect((await upsertLessonDocument(SEED)).status).toBe('unchanged');
    const repaired = await db.lesson.findUniqueOrThrow({ where: { slug: SLUG } });
    expect(repaired.headings).toBe(lesson.headings);
    expect(repaired.description).toBe(lesson.description);
    expect(repaired.revision).toBe(1);
  });

  it('stores the MDX lesson and refuses an unknown <Lab id> with line and column, writing nothing', async () => {
    expect(await upsertLessonDocument(MDX)).toMatchObject({ status: 'created' });
    const stored = await db.lesson.findFirstOrThrow({ where: { format: 'mdx' } });
    expect(stored.slugExplicit).toBe(true);
    const before = await snapshot();
    const bad = MDX.replace('<Lab id="cache-order"/>', '<Lab id="no-such-lab"/>');
    const err = await upsertLessonDocument(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LessonDocumentError);
    const line = bad.split('\n').findIndex((l) => l.includes('no-such-lab')) + 1;
    expect((err as LessonDocumentError).issues).toEqual([
      expect.objectContaining({ field: '(body)', line, column: expect.any(Number), message: expect.stringContaining('no such lab') }),
    ]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('searchLessons (pg_trgm)', () => {
  beforeEach(resetDatabase);

  it('finds the seed by a two-syllable Korean word, inside words with particles', async () => {
    await upsertLessonDocument(SEED);
    await upsertLessonDocument(doc('Unrelated', 'Nothing about it.'));
    for (const q of ['캐시', '레이어', '빌드']) {
      const hits = await searchLessons(q);
      expect(hits.map((h) => h.slug), q).toEqual([SLUG]);
    }
    const [hit] = await searchLessons('캐시');
    expect(hit.snippet).toContain('캐시');
    expect(hit.url).toBe(`/lessons/${encodeURIComponent(SLUG)}`);
  });

  it('searches English, titles before headings before bodies, every term required', async () => {
    await upsertLessonDocument(doc('Multi-stage builds', 'Intro.'));
    await upsertLessonDocument(doc('Layers', '## Multi-stage basics\n\nText.'));
    await upsertLessonDocument(doc('Caching', 'We mention multi-stage once.'));
    const hits = await searchLessons('MULTI-STAGE');
    expect(hits.map((h) => [h.title, h.matchedIn])).toEqual([
      ['Multi-stage builds', 'title'],
      ['Layers', 'heading'],
      ['Caching', 'body'],
    ]);
    expect((await searchLessons('multi-stage once')).map((h) => h.title)).toEqual(['Caching']);
    expect(await searchLessons('multi-stage nowhere')).toEqual([]);
  });

  it('treats LIKE wildcards as text and ignores empty queries', async () => {
    await upsertLessonDocument(doc('Percent', '100% cached.'));
    await upsertLessonDocument(doc('Other', 'Nothing.'));
    expect((await searchLessons('%')).map((h) => h.title)).toEqual(['Percent']);
    expect(await searchLessons('_')).toEqual([]);
    expect(await searchLessons('   ')).toEqual([]);
  });
});
