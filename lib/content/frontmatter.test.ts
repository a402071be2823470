import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentHashOf, LessonDocumentError, parseLessonDocument, type LessonIssue } from './frontmatter';

const SEED = readFileSync(path.resolve(__dirname, '../../content/lessons/docker-image-layers.md'), 'utf8');

function issuesOf(source: string): LessonIssue[] {
  try {
    parseLessonDocument(source);
  } catch (e) {
    expect(e).toBeInstanceOf(LessonDocumentError);
    return (e as LessonDocumentError).issues;
  }
  throw new Error('expected a LessonDocumentError');
}

describe('parseLessonDocument', () => {
  it('parses the real seed lesson', () => {
    const doc = parseLessonDocument(SEED);
    expect(doc.frontMatter).toEqual({
      title: '3.4 도커 이미지와 이미지 레이어 이해하기',
      categoryPath: ['Docker', '3장 도커 이미지 만들기', '3.4 도커 이미지와 이미지 레이어 이해하기'],
      authorNick: '관리자',
      createdAt: '2025-08-27',
      updateMode: 'upsert',
      format: 'md',
    });
    expect(doc.slug).toBe('3-4-도커-이미지와-이미지-레이어-이해하기');
    expect(doc.categorySlugs).toEqual(['docker', '3장-도커-이미지-만들기', '3-4-도커-이미지와-이미지-레이어-이해하기']);
    expect(doc.bodyStartLine).toBe(11);
    expect(doc.body.startsWith('Docker 이미지의 레이어 시스템을')).toBe(true);
    expect(doc.body).toContain('{{.ID}}');
    expect(doc.body).toContain('cat > Dockerfile << EOF');
    expect(doc.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the normalised source: CRLF and trailing whitespace do not matter, content does', () => {
    const a = parseLessonDocument(SEED).contentHash;
    expect(parseLessonDocument(SEED.replace(/\n/g, '\r\n') + '\r\n\n  \n').contentHash).toBe(a);
    expect(contentHashOf(SEED)).toBe(a);
    expect(parseLessonDocument(SEED + '\nmore').contentHash).not.toBe(a);
  });

  it('lets an explicit slug override the title slug', () => {
    const doc = parseLessonDocument(SEED.replace('updateMode: "upsert"', 'updateMode: "upsert"\nslug: image-layers'));
    expect(doc.slug).toBe('image-layers');
  });

  it('accepts an unquoted date and a YAML timestamp', () => {
    expect(parseLessonDocument(SEED.replace('"2025-08-27"', '2025-08-27')).frontMatter.createdAt).toBe('2025-08-27');
    expect(parseLessonDocument(SEED.replace('"2025-08-27"', '!!timestamp 2025-08-27')).frontMatter.createdAt).toBe(
      '2025-08-27',
    );
  });

  it.each([
    ['title', 'title: "3.4 도커 이미지와 이미지 레이어 이해하기"\n', ''],
    ['categoryPath', /categoryPath:\n(  - .*\n)+/, ''],
    ['authorNick', 'authorNick: "관리자"\n', ''],
    ['createdAt', 'createdAt: "2025-08-27"\n', ''],
    ['updateMode', 'updateMode: "upsert"\n', ''],
  ])('names a missing %s (line of the opening ---)', (field, from, to) => {
    const issues = issuesOf(SEED.replace(from, to));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field, line: 1 });
    expect(issues[0].message).toContain(`Missing required field "${field}"`);
  });

  it.each([
    ['title', 'title: "3.4 도커 이미지와 이미지 레이어 이해하기"', 'title: "  "', 2, /must not be empty/],
    ['title', 'title: "3.4 도커 이미지와 이미지 레이어 이해하기"', 'title: 42', 2, /must be a non-empty string/],
    ['categoryPath', 'categoryPath:\n  - "Docker"\n  - "3장 도커 이미지 만들기"\n  - "3.4 도커 이미지와 이미지 레이어 이해하기"', 'categoryPath: []', 3, /at least one/],
    ['categoryPath', 'categoryPath:\n  - "Docker"\n  - "3장 도커 이미지 만들기"\n  - "3.4 도커 이미지와 이미지 레이어 이해하기"', 'categoryPath: Docker', 3, /list of category names/],
    ['categoryPath[1]', '  - "3장 도커 이미지 만들기"', '  - ""', 5, /must not be empty/],
    ['authorNick', 'authorNick: "관리자"', 'authorNick: [a]', 7, /must be a string/],
    ['createdAt', 'createdAt: "2025-08-27"', 'createdAt: "27.08.2025"', 8, /YYYY-MM-DD/],
    ['createdAt', 'createdAt: "2025-08-27"', 'createdAt: "2025-02-30"', 8, /real date/],
    ['updateMode', 'updateMode: "upsert"', 'updateMode: "replace"', 9, /must be "upsert"/],
    ['slug', 'updateMode: "upsert"', 'updateMode: "upsert"\nslug: "Not A Slug"', 10, /lower-case/],
  ])('reports a wrong %s with its line', (field, from, to, line, message) => {
    const issues = issuesOf(SEED.replace(from, to));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field, line });
    expect(issues[0].message).toMatch(message);
  });

  it('reports every problem at once, in line order', () => {
    const issues = issuesOf(SEED.replace('authorNick: "관리자"', 'authorNick: 1').replace('"upsert"', '"merge"'));
    expect(issues.map((i) => [i.field, i.line])).toEqual([
      ['authorNick', 7],
      ['updateMode', 9],
    ]);
  });

  it('rejects an unknown key, naming it and the allowed fields', () => {
    const issues = issuesOf(SEED.replace('authorNick: "관리자"', 'authorNick: "관리자"\ntags: [docker]'));
    expect(issues).toEqual([
      {
        field: 'tags',
        line: 8,
        message: expect.stringMatching(/Unknown field "tags".*title, categoryPath, authorNick, createdAt, updateMode, slug/),
      },
    ]);
  });

  it('requires front matter at the top', () => {
    const issues = issuesOf('# Just markdown\n');
    expect(issues).toEqual([{ field: '(front matter)', line: 1, message: expect.stringMatching(/must start with front matter/) }]);
  });

  it('reports unclosed front matter on the line that opened it', () => {
    const issues = issuesOf(SEED.replace(/\n---\n/, '\n'));
    expect(issues).toEqual([{ field: '(front matter)', line: 1, message: expect.stringMatching(/never closed/) }]);
  });

  it('reports a YAML syntax error with its document line', () => {
    const issues = issuesOf(SEED.replace('authorNick: "관리자"', 'authorNick: "관리자"\nauthorNick: "again"'));
    expect(issues[0]).toMatchObject({ field: '(front matter)', line: 8 });
    expect(issues[0].message).toMatch(/YAML syntax error: Map keys must be unique/);
    const unclosed = issuesOf(SEED.replace('title: "3.4', 'title: [ "3.4'));
    expect(unclosed[0].field).toBe('(front matter)');
    expect(unclosed[0].line).toBeGreaterThanOrEqual(2);
    expect(unclosed[0].line).toBeLessThanOrEqual(10);
  });

  it('rejects empty or non-mapping front matter', () => {
    expect(issuesOf('---\n---\nbody')[0].message).toMatch(/front matter is empty/);
    expect(issuesOf('---\n- a\n- b\n---\nbody')[0]).toMatchObject({ line: 2, message: expect.stringMatching(/YAML mapping/) });
  });

  it('rejects a title with nothing to slug unless a slug is given', () => {
    const src = SEED.replace('title: "3.4 도커 이미지와 이미지 레이어 이해하기"', 'title: "🐳 !!"');
    expect(issuesOf(src)).toEqual([{ field: 'title', line: 2, message: expect.stringMatching(/add a `slug` field/) }]);
    expect(parseLessonDocument(src.replace('updateMode: "upsert"', 'updateMode: "upsert"\nslug: whale')).slug).toBe('whale');
  });

  it('reads format md|mdx with md as the default, and the slug as an explicit key', () => {
    const seed = parseLessonDocument(SEED);
    expect(seed.format).toBe('md');
    expect(seed.slugExplicit).toBe(false);
    const mdx = parseLessonDocument(SEED.replace('updateMode: "upsert"', 'updateMode: "upsert"\nformat: mdx\nslug: layers'));
    expect(mdx.format).toBe('mdx');
    expect(mdx.slug).toBe('layers');
    expect(mdx.slugExplicit).toBe(true);
    expect(issuesOf(SEED.replace('updateMode: "upsert"', 'updateMode: "upsert"\nformat: html'))).toEqual([
      { field: 'format', line: 10, message: 'must be "md" (plain markdown, the default) or "mdx"' },
    ]);
  });

  it('refuses titles and category names with bidi controls or zero-width characters, naming field and line', () => {
    const rlo = SEED.replace('title: "3.4 도커', 'title: "3.4 \u202E도커');
    expect(issuesOf(rlo)).toEqual([{ field: 'title', line: 2, message: expect.stringContaining('U+202E') }]);
    const zw = SEED.replace('title: "3.4 도커', 'title: "3.4 도\u200B커');
    expect(issuesOf(zw)).toEqual([{ field: 'title', line: 2, message: expect.stringMatching(/zero-width.*U\+200B at character 6/) }]);
    const cat = SEED.replace('  - "Docker"', '  - "Dock\u2066er"');
    expect(issuesOf(cat)).toEqual([{ field: 'categoryPath[0]', line: 4, message: expect.stringContaining('U+2066') }]);
  });

  it('answers a YAML alias bomb with a document error naming the problem and the line', () => {
    const bomb = [
      '---',
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'title: "x"',
      '---',
      'body',
    ].join('\n');
    const issues = issuesOf(bomb);
    expect(issues).toEqual([{ field: '(front matter)', line: 3, message: expect.stringMatching(/aliases .* more than 100 times.*alias bomb/) }]);
  });
});
