import { describe, expect, it } from 'vitest';
import { parseLessonDocument } from './frontmatter';
import { withCategoryPath } from './front-matter-rewrite';

const FLOW = `---
title: "Layers"
# where it is filed
categoryPath: ["Docker", "Images"]
authorNick: "관리자"
createdAt: "2025-08-27"
updateMode: "upsert"
---
Body with {{.ID}}
---
not front matter
`;

describe('withCategoryPath', () => {
  it('replaces only categoryPath, keeping style, comments, other fields and the body', () => {
    const out = withCategoryPath(FLOW, ['Docker', '이미지 레이어']);
    expect(out).toContain('categoryPath: [ "Docker", "이미지 레이어" ]');
    expect(out).toContain('# where it is filed');
    expect(out).toContain('title: "Layers"');
    expect(out.endsWith('Body with {{.ID}}\n---\nnot front matter')).toBe(true);
    const doc = parseLessonDocument(out);
    expect(doc.frontMatter.categoryPath).toEqual(['Docker', '이미지 레이어']);
    expect(doc.body).toBe(parseLessonDocument(FLOW).body);
  });

  it('keeps a block list a block list', () => {
    const block = FLOW.replace('categoryPath: ["Docker", "Images"]', 'categoryPath:\n  - Docker\n  - Images');
    const out = withCategoryPath(block, ['A', 'B: c']);
    expect(out).toMatch(/categoryPath:\n {2}- A\n {2}- "?B: c"?\n/);
    expect(parseLessonDocument(out).frontMatter.categoryPath).toEqual(['A', 'B: c']);
  });
});
