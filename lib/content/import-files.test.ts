import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, readImportFiles } from './import-files';

const md = (s: string) => strToU8(s);

describe('readImportFiles', () => {
  it('takes documents and the manifest from files and zips, skipping OS metadata and naming the rest', () => {
    const zip = zipSync({
      'export/lessons/가.md': md('---\n가'),
      'export/categories.yaml': md('categories: []'),
      '__MACOSX/export/._가.md': md('junk'),
      'export/.DS_Store': md('junk'),
      'export/image.png': new Uint8Array([1, 2, 3]),
    });
    const b = readImportFiles([{ name: 'b.mdx', bytes: md('b') }, { name: 'all.zip', bytes: zip }, { name: 'a.MD', bytes: md('a') }]);
    expect(b.documents.map((d) => d.name)).toEqual(['a.MD', 'all.zip: export/lessons/가.md', 'b.mdx']);
    expect(b.documents[1].source).toBe('---\n가');
    expect(b.manifest).toEqual({ name: 'all.zip: export/categories.yaml', text: 'categories: []' });
    expect(b.skipped).toEqual(['all.zip: export/image.png']);
    expect(b.problems).toEqual([]);
  });

  it('names each unusable file with the reason', () => {
    const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(0x61);
    const b = readImportFiles([
      { name: 'big.md', bytes: big },
      { name: 'big.zip', bytes: zipSync({ 'inner.md': big }) },
      { name: 'latin1.md', bytes: new Uint8Array([0xe9]) },
      { name: 'broken.zip', bytes: md('PK\u0003\u0004 not really') },
      { name: 'categories.yaml', bytes: md('categories: []') },
      { name: 'again/categories.yaml', bytes: md('categories: []') },
    ]);
    const byName = Object.fromEntries(b.problems.map((p) => [p.name, p.message]));
    expect(byName['big.md']).toMatch(/larger than 1 MiB/);
    expect(byName['big.zip: inner.md']).toMatch(/larger than 1 MiB unpacked/);
    expect(byName['latin1.md']).toMatch(/not UTF-8/);
    expect(byName['broken.zip']).toMatch(/not a readable zip archive/);
    expect(byName['again/categories.yaml']).toMatch(/a second categories.yaml/);
    expect(b.documents).toEqual([]);
  });
});
