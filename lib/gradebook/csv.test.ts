import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { attachmentDisposition, BOM, gradebookCsv, gradebookCsvRows, gradebookFilename, neutraliseFormula } from './csv';
import { EMPTY_CELL, type Gradebook } from './grades';

const book: Gradebook = {
  assignments: [
    { labId: 'cache-order', title: 'Cache order', dueAt: null, maxScore: 100, currentVersion: null },
    { labId: 'no-secret', title: 'No "secret", please', dueAt: null, maxScore: 50, currentVersion: null },
  ],
  rows: [
    { student: { id: 'u1', name: '김하늘', email: 'haneul@example.kr' }, cells: { 'cache-order': { ...EMPTY_CELL, best: 87.5 }, 'no-secret': { ...EMPTY_CELL } } },
    { student: { id: 'u2', name: '=HYPERLINK("x")', email: '-a@b' }, cells: { 'cache-order': { ...EMPTY_CELL, best: 0 }, 'no-secret': { ...EMPTY_CELL, best: 50 } } },
  ],
};

describe('gradebook CSV', () => {
  it('rows: header, then one row per student with the best score per assignment (empty when none)', () => {
    expect(gradebookCsvRows(book)).toEqual([
      ['name', 'email', 'Cache order (cache-order, max 100)', 'No "secret", please (no-secret, max 50)'],
      ['김하늘', 'haneul@example.kr', '87.5', ''],
      ["'=HYPERLINK(\"x\")", "'-a@b", '0', '50'],
    ]);
  });
  it('text starts with the UTF-8 BOM, CRLF records, and parses back to the same rows', () => {
    const text = gradebookCsv(book);
    expect(text.startsWith(BOM)).toBe(true);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(text).toContain('\r\n');
    expect(parse(text, { bom: true })).toEqual(gradebookCsvRows(book));
  });
  it('formula-looking text is neutralised, other text kept', () => {
    expect(neutraliseFormula('+1')).toBe("'+1");
    expect(neutraliseFormula('@SUM')).toBe("'@SUM");
    expect(neutraliseFormula('Sora')).toBe('Sora');
  });
  it('file name: letters and digits of any script, other runs one dash; the header has an ASCII fallback', () => {
    expect(gradebookFilename('도커 기초 (월)')).toBe('도커-기초-월-gradebook.csv');
    expect(gradebookFilename('../../etc/passwd')).toBe('etc-passwd-gradebook.csv');
    expect(gradebookFilename('  !!! ')).toBe('class-gradebook.csv');
    const d = attachmentDisposition('도커-기초-gradebook.csv');
    expect(d).toBe(`attachment; filename="__-__-gradebook.csv"; filename*=UTF-8''${encodeURIComponent('도커-기초-gradebook.csv')}`);
  });
});
