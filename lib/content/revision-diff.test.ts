import { describe, expect, it } from 'vitest';
import { diffTexts } from './revision-diff';

describe('diffTexts', () => {
  it('numbers removed, added and context lines on both sides', () => {
    const a = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].join('\n');
    const b = ['one', 'two', 'three', 'four', 'FIVE', 'six', 'seven', 'eight', 'nine', 'ten'].join('\n');
    const d = diffTexts(a, b, 1);
    expect([d.added, d.removed]).toEqual([3, 2]);
    expect(d.hunks).toHaveLength(2);
    expect(d.hunks[0].lines).toEqual([
      { kind: 'context', text: 'four', oldLine: 4, newLine: 4 },
      { kind: 'removed', text: 'five', oldLine: 5 },
      { kind: 'added', text: 'FIVE', newLine: 5 },
      { kind: 'context', text: 'six', oldLine: 6, newLine: 6 },
    ]);
    // The last line gained a newline and a new line follows; no "\ No newline" marker leaks through.
    expect(d.hunks[1].lines.map((l) => l.kind + ':' + l.text)).toEqual(['context:eight', 'removed:nine', 'added:nine', 'added:ten']);
  });

  it('gives no hunks for equal texts, and handles Korean text', () => {
    expect(diffTexts('가\n나', '가\n나')).toEqual({ hunks: [], added: 0, removed: 0 });
    const d = diffTexts('제목: 레이어', '제목: 이미지 레이어');
    expect(d.hunks[0].lines.map((l) => l.kind)).toEqual(['removed', 'added']);
  });
});
