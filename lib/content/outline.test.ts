import { describe, expect, it } from 'vitest';
import { lessonOutline, truncate } from './outline';
import { likePattern, searchTerms, snippetOf } from './search';

describe('lessonOutline', () => {
  it('collects headings and takes the first paragraph as the description (md and mdx)', () => {
    const md = '## 첫 절\n\nFirst *para* with `code`.\n\n### Sub\n\nSecond.';
    expect(lessonOutline(md)).toEqual({ headings: ['첫 절', 'Sub'], description: 'First para with code.' });
    const mdx = '<Callout>Note</Callout>\n\n## Title\n\nReal text here.';
    expect(lessonOutline(mdx, 'mdx')).toEqual({ headings: ['Title'], description: 'Real text here.' });
    expect(lessonOutline('a {broken', 'mdx')).toEqual({ headings: [], description: '' });
  });

  it('truncates long descriptions at a word boundary', () => {
    const long = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const cut = truncate(long);
    expect(cut.length).toBeLessThanOrEqual(200);
    expect(cut.endsWith('…')).toBe(true);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
  });
});

describe('search helpers', () => {
  it('splits, lower-cases and de-duplicates terms', () => {
    expect(searchTerms('  Docker  캐시 docker ')).toEqual(['docker', '캐시']);
    expect(searchTerms('')).toEqual([]);
  });
  it('escapes LIKE wildcards', () => {
    expect(likePattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
  it('cuts a snippet around the first match', () => {
    const text = `${'a'.repeat(100)} 캐시 ${'b'.repeat(100)}`;
    const s = snippetOf(text, ['캐시'], 10)!;
    expect(s).toBe(`…${'a'.repeat(9)} 캐시 ${'b'.repeat(7)}…`);
    expect(snippetOf('nothing', ['zzz'])).toBeUndefined();
  });
});
