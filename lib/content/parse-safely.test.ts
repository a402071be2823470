import { describe, expect, it } from 'vitest';
import { LessonDocumentError } from './frontmatter';
import { parseLessonDocumentSafely } from './parse-safely';

const BOMB = [
  '---',
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  '---',
  'body',
].join('\n');

describe('parseLessonDocumentSafely', () => {
  it('answers a YAML alias bomb as a document error with a line, not a crash', () => {
    let err: unknown;
    try {
      parseLessonDocumentSafely(BOMB);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LessonDocumentError);
    const issue = (err as LessonDocumentError).issues[0];
    expect(issue.line).toBeGreaterThanOrEqual(1);
    expect(issue.message.toLowerCase()).toContain('alias');
  });

  it('passes ordinary document errors through unchanged', () => {
    expect(() => parseLessonDocumentSafely('no front matter')).toThrow(/must start with front matter/);
  });
});
