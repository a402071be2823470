import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { LessonDocumentError } from '../../lib/content/frontmatter';
import { getCategoryTree, getLessonBySlug } from '../../lib/content/queries';
import { upsertLessonDocument } from '../../lib/content/upsert';
import { db, resetDatabase } from '../helpers/db';

const SEED = readFileSync(path.resolve(__dirname, '../../content/lessons/docker-image-layers.md'), 'utf8');
const SLUG = '3-4-도커-이미지와-이미지-레이어-이해하기';

async function snapshot() {
  const [categories, lessons, revisions] = await Promise.all([
    db.category.findMany({ orderBy: { path: 'asc' } }),
    db.lesson.findMany({ orderBy: { slug: 'asc' } }),
    db.lessonRevision.findMany({ orderBy: [{ lessonId: 'asc' }, { revision: 'asc' }] }),
  ]);
  return { categories, lessons, revisions };
}

describe('upsertLessonDocument', () => {
  beforeEach(resetDatabase);

  it('creates the lesson with its category path, then the same document is a no-op', async () => {
    const first = await upsertLessonDocument(SEED);
    expect(first).toEqual({ status: 'created', slug: SLUG, url: `/lessons/${encodeURIComponent(SLUG)}`, revision: 1 });

    const categories = await db.category.findMany({ orderBy: { path: 'asc' } });
    expect(categories.map((c) => [c.path, c.name])).toEqual([
      ['docker', 'Docker'],
      ['docker/3장-도커-이미지-만들기', '3장 도커 이미지 만들기'],
      ['docker/3장-도커-이미지-만들기/3-4-도커-이미지와-이미지-레이어-이해하기', '3.4 도커 이미지와 이미지 레이어 이해하기'],
    ]);
    expect(categories[1].parentId).toBe(categories[0].id);
    expect(categories[2].parentId).toBe(categories[1].id);

    const lesson = await db.lesson.findUniqueOrThrow({ where: { slug: SLUG }, include: { revisions: true } });
    expect(lesson).toMatchObject({
      title: '3.4 도커 이미지와 이미지 레이어 이해하기',
      categoryId: categories[2].id,
      authorNick: '관리자',
      authoredOn: '2025-08-27',
      revision: 1,
    });
    expect(lesson.body).toContain('{{.ID}}');
    expect(lesson.revisions).toHaveLength(1);
    expect(lesson.revisions[0].source).toBe(SEED.replace(/\s+$/, ''));

    const before = await snapshot();
    const again = await upsertLessonDocument(SEED.replace(/\n/g, '\r\n') + '\n\n');
    expect(again).toEqual({ ...first, status: 'unchanged' });
    expect(await snapshot()).toEqual(before); // updatedAt included
  });

  it('updates in place with a new revision when the content changes, keeping both revisions', async () => {
    await upsertLessonDocument(SEED);
    const { id, createdAt } = await db.lesson.findUniqueOrThrow({ where: { slug: SLUG } });
    const changed = `${SEED.trimEnd()}\n\n## 추가 섹션\n\n새 내용입니다.\n`;
    const res = await upsertLessonDocument(changed);
    expect(res).toMatchObject({ status: 'updated', slug: SLUG, revision: 2 });

    const lesson = await db.lesson.findUniqueOrThrow({ where: { slug: SLUG }, include: { revisions: { orderBy: { revision: 'asc' } } } });
    expect(lesson.id).toBe(id);
    expect(lesson.createdAt).toEqual(createdAt);
    expect(lesson.revision).toBe(2);
    expect(lesson.body).toContain('새 내용입니다.');
    expect(lesson.revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(lesson.revisions[0].source).not.toContain('새 내용입니다.');
    expect(lesson.revisions[1].source).toContain('새 내용입니다.');
    expect(lesson.revisions[1].contentHash).toBe(lesson.contentHash);
  });

  it('moves the lesson when its categoryPath changes', async () => {
    await upsertLessonDocument(SEED);
    const moved = SEED.replace(/categoryPath:\n(  - .*\n)+/, 'categoryPath:\n  - "Docker"\n  - "부록"\n');
    const res = await upsertLessonDocument(moved);
    expect(res.status).toBe('updated');
    const lesson = await db.lesson.findUniqueOrThrow({ where: { slug: SLUG }, include: { category: true } });
    expect(lesson.category.path).toBe('docker/부록');
    expect(await db.category.count({ where: { path: 'docker' } })).toBe(1);

    const tree = await getCategoryTree();
    expect(tree).toHaveLength(1);
    expect(tree[0].children.map((c) => c.name)).toEqual(['3장 도커 이미지 만들기', '부록']);
    expect(tree[0].children[1].lessons).toEqual([{ slug: SLUG, title: '3.4 도커 이미지와 이미지 레이어 이해하기' }]);

    const view = await getLessonBySlug(SLUG);
    expect(view?.breadcrumb.map((b) => b.name)).toEqual(['Docker', '부록']);
    expect(await getLessonBySlug('no-such-lesson')).toBeNull();
  });

  it('writes nothing for an invalid document', async () => {
    await upsertLessonDocument(SEED);
    const before = await snapshot();
    const bad = SEED.replace('updateMode: "upsert"', 'updateMode: "replace"').replace('본문', '바뀐 본문');
    await expect(upsertLessonDocument(bad)).rejects.toBeInstanceOf(LessonDocumentError);
    await expect(upsertLessonDocument(bad)).rejects.toMatchObject({ issues: [{ field: 'updateMode', line: 9 }] });
    await expect(upsertLessonDocument('no front matter')).rejects.toBeInstanceOf(LessonDocumentError);
    expect(await snapshot()).toEqual(before);
  });

  it('ends consistent when the same new document is upserted concurrently', async () => {
    const results = await Promise.all([upsertLessonDocument(SEED), upsertLessonDocument(SEED), upsertLessonDocument(SEED)]);
    expect(results.map((r) => r.status).sort()).toEqual(['created', 'unchanged', 'unchanged']);
    expect(await db.lesson.count()).toBe(1);
    expect(await db.lessonRevision.count()).toBe(1);
    expect(await db.category.count()).toBe(3);
  });

  it('creates shared categories once when different lessons arrive concurrently', async () => {
    const other = SEED.replace('title: "3.4 도커 이미지와 이미지 레이어 이해하기"', 'title: "3.5 다른 레슨"').replace(
      '  - "3.4 도커 이미지와 이미지 레이어 이해하기"\n',
      '',
    );
    const third = other.replace('3.5 다른 레슨', '3.6 또 다른 레슨');
    const results = await Promise.all([upsertLessonDocument(SEED), upsertLessonDocument(other), upsertLessonDocument(third)]);
    expect(results.map((r) => r.status)).toEqual(['created', 'created', 'created']);
    expect(await db.category.count()).toBe(3);
    const tree = await getCategoryTree();
    const ch3 = tree[0].children[0];
    expect(ch3.lessons.map((l) => l.title)).toEqual(['3.5 다른 레슨', '3.6 또 다른 레슨']);
    expect(ch3.children[0].lessons.map((l) => l.slug)).toEqual([SLUG]);
  });
});
