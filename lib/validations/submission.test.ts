import { describe, expect, it } from 'vitest';
import {
  MAX_FILE_BYTES,
  MAX_TOTAL_BYTES,
  SubmissionBodySchema,
  fieldErrorsOf,
  submissionSchemaFor,
  utf8Bytes,
} from './submission';

const schema = submissionSchemaFor(['Dockerfile', '.dockerignore', 'src/']);
const errorsOf = (body: unknown) => {
  const r = schema.safeParse(body);
  return r.success ? null : fieldErrorsOf(r.error);
};

describe('submission schema', () => {
  it('accepts the lab files, and files under a submitted folder', () => {
    expect(errorsOf({ files: { Dockerfile: 'FROM layerlab/node:18\n' } })).toBeNull();
    expect(errorsOf({ files: { Dockerfile: 'FROM x', '.dockerignore': 'node_modules', 'src/app.js': '1' } })).toBeNull();
  });

  it('rejects files the lab does not accept, keyed by file', () => {
    const e = errorsOf({ files: { Dockerfile: 'FROM x', 'package.json': '{}' } });
    expect(e?.['files.package.json']?.[0]).toMatch(/does not accept "package.json"/);
    expect(errorsOf({ files: { srcx: 'x', Dockerfile: 'FROM x' } })).not.toBeNull();
  });

  it('accepts exactly the submitted names: a file entry is never a folder (same rule as the grader)', () => {
    const e = errorsOf({ files: { 'Dockerfile/x': 'FROM x' } });
    expect(e?.['files.Dockerfile/x']?.[0]).toBe('"Dockerfile/x" puts a file inside "Dockerfile", but "Dockerfile" is a file in this lab, not a folder: submit exactly Dockerfile, .dockerignore, src/.');
    for (const name of ['.dockerignore/a', 'src', 'Dockerfile.txt']) expect(errorsOf({ files: { Dockerfile: 'FROM x', [name]: 'x' } }), name).not.toBeNull();
  });

  it('rejects traversal, absolute and odd paths', () => {
    for (const name of ['../Dockerfile', '/Dockerfile', 'src/../../etc/passwd', 'src//a', './Dockerfile', 'a\\b', 'src/\u0001']) {
      expect(errorsOf({ files: { Dockerfile: 'FROM x', [name]: 'x' } }), name).not.toBeNull();
    }
  });

  it('requires at least one non-empty file', () => {
    expect(errorsOf({ files: {} })?.files).toBeDefined();
    expect(errorsOf({ files: { Dockerfile: '  \n' } })?.files?.[0]).toMatch(/non-empty/);
  });

  it('limits each file to 64 KB and the total to 256 KB, counting UTF-8 bytes', () => {
    expect(errorsOf({ files: { Dockerfile: 'a'.repeat(MAX_FILE_BYTES) } })).toBeNull();
    expect(errorsOf({ files: { Dockerfile: 'a'.repeat(MAX_FILE_BYTES + 1) } })?.['files.Dockerfile']).toBeDefined();
    // 22k Hangul syllables are 66 KB in UTF-8 although only 22k characters.
    const hangul = '가'.repeat(22 * 1024);
    expect(utf8Bytes(hangul)).toBe(66 * 1024);
    expect(errorsOf({ files: { Dockerfile: hangul } })?.['files.Dockerfile']).toBeDefined();

    const big = 'b'.repeat(60 * 1024);
    const files: Record<string, string> = { Dockerfile: 'FROM x' };
    for (let i = 0; i < 5; i++) files[`src/f${i}.js`] = big;
    expect(5 * 60 * 1024).toBeGreaterThan(MAX_TOTAL_BYTES);
    expect(errorsOf({ files })?.files?.[0]).toMatch(/limit is 256 KB/);
  });

  it('refuses non-string contents and unknown top-level keys', () => {
    expect(SubmissionBodySchema.safeParse({ files: { Dockerfile: 42 } }).success).toBe(false);
    expect(SubmissionBodySchema.safeParse({ files: { Dockerfile: 'x' }, userId: 'someone' }).success).toBe(false);
    expect(SubmissionBodySchema.safeParse({ files: ['x'] }).success).toBe(false);
    expect(SubmissionBodySchema.safeParse(null).success).toBe(false);
  });
});
