import { describe, expect, it } from 'vitest';
import { parseAccountsCsv, SAMPLE_CSV } from './csv-import';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('parseAccountsCsv', () => {
  it('reads UTF-8 with and without a BOM, Korean names, roles in any case, columns in any order', () => {
    const src = 'Name,EMAIL,role\n김민수,Kim@School.Example,Student\n박선생,park@school.example,TEACHER\n';
    for (const input of [bytes(src), bytes('\ufeff' + src), new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(src)])]) {
      expect(parseAccountsCsv(input)).toEqual({
        rows: [
          { line: 2, email: 'kim@school.example', name: '김민수', role: 'STUDENT' },
          { line: 3, email: 'park@school.example', name: '박선생', role: 'TEACHER' },
        ],
        issues: [],
      });
    }
  });
  it('the sample is valid', () => {
    expect(parseAccountsCsv(SAMPLE_CSV).issues).toEqual([]);
    expect(parseAccountsCsv(SAMPLE_CSV).rows).toHaveLength(3);
  });
  it('reports each bad row with its line and field: bad e-mail, empty name, unknown role, duplicate', () => {
    const src = [
      'email,name,role',
      'a@x.example,Ann,student',
      'not-an-email,Bob,student',
      'c@x.example,,student',
      'd@x.example,Dan,janitor',
      'A@x.example,Ann again,student',
      '',
      'e@x.example,"Eve ""E"" Lee",',
    ].join('\n');
    const { rows, issues } = parseAccountsCsv(src);
    expect(issues).toEqual([
      { line: 3, field: 'email', message: expect.stringMatching(/"not-an-email": Not a valid e-mail/) },
      { line: 4, field: 'name', message: 'Enter a name.' },
      { line: 5, field: 'role', message: expect.stringMatching(/Unknown role "janitor"/) },
      { line: 6, field: 'email', message: 'a@x.example is already on line 2 of this file.' },
    ]);
    // Empty lines are skipped but keep the line numbers; an empty role means student.
    expect(rows.map((r) => [r.line, r.email, r.name, r.role])).toEqual([
      [2, 'a@x.example', 'Ann', 'STUDENT'],
      [8, 'e@x.example', 'Eve "E" Lee', 'STUDENT'],
    ]);
  });
  it('counts lines inside quoted fields', () => {
    const { issues } = parseAccountsCsv('email,name,role\n"a@x.example","two\nlines",student\nbad,Zed,student\n');
    expect(issues).toEqual([
      { line: 2, field: 'name', message: 'Remove control or invisible characters.' }, // a line break in a name
      { line: 4, field: 'email', message: expect.any(String) },
    ]);
  });
  it('refuses a bad header, a wrong field count, a file that is not UTF-8, or broken CSV', () => {
    expect(parseAccountsCsv('mail,name\nx@y.example,X\n').issues).toEqual([
      { line: 1, field: '(header)', message: expect.stringMatching(/Missing the "email" column/) },
      { line: 1, field: '(header)', message: expect.stringMatching(/Unknown column "mail"/) },
    ]);
    expect(parseAccountsCsv('email,name,role\nx@y.example,X,student,extra\n').issues).toEqual([
      { line: 2, field: '(row)', message: '4 fields, but the header names 3.' },
    ]);
    // 김 in EUC-KR is 0xB1 0xE8: not UTF-8.
    expect(parseAccountsCsv(new Uint8Array([...bytes('email,name\nk@x.example,'), 0xb1, 0xe8, 0x0a])).issues[0]).toMatchObject({ field: '(file)', message: expect.stringMatching(/not UTF-8/) });
    expect(parseAccountsCsv('email,name\n"x@y.example,X\n').issues[0]).toMatchObject({ line: 2, field: '(file)', message: expect.stringMatching(/opening quote at line 2/) });
    expect(parseAccountsCsv('').issues[0]).toMatchObject({ line: 1, field: '(header)' });
    expect(parseAccountsCsv('email,name,role\n').issues[0]).toMatchObject({ line: 2, message: 'No accounts below the header line.' });
  });
  it('refuses names with invisible characters', () => {
    expect(parseAccountsCsv('email,name\nx@y.example,Ad\u202emin\n').issues).toEqual([{ line: 2, field: 'name', message: 'Remove control or invisible characters.' }]);
  });
});
