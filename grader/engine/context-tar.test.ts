import tar from 'tar-stream';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ContextTooLargeError, packContext, selectContextFiles } from './context-tar';

async function entries(buf: Buffer): Promise<{ name: string; type: string; body: string }[]> {
  const extract = tar.extract();
  const out: { name: string; type: string; body: string }[] = [];
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        out.push({ name: header.name, type: header.type ?? '', body: Buffer.concat(chunks).toString() });
        next();
      });
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  Readable.from([buf]).pipe(extract);
  await done;
  return out;
}

describe('packContext', () => {
  it('packs files with their directories, sorted', async () => {
    const packed = await packContext(new Map([['src/app.js', 'a'], ['Dockerfile', 'FROM x'], ['package.json', '{}']]));
    expect(packed.files).toBe(3);
    expect((await entries(packed.tar)).map((e) => `${e.type}:${e.name}`)).toEqual(['file:Dockerfile', 'file:package.json', 'directory:src/', 'file:src/app.js']);
  });

  it('applies .dockerignore like the Docker CLI, always sending Dockerfile and .dockerignore', () => {
    const files = new Map([['Dockerfile', ''], ['.dockerignore', '*\n!src/keep.js\nDockerfile'], ['src/keep.js', ''], ['src/drop.js', ''], ['notes.md', '']]);
    expect(selectContextFiles(files)).toEqual({ keep: ['.dockerignore', 'Dockerfile', 'src/keep.js'], ignored: ['notes.md', 'src/drop.js'] });
  });

  it('refuses an oversized context before it reaches the engine', async () => {
    await expect(packContext(new Map([['big', 'x'.repeat(2000)]]), { maxFiles: 10, maxBytes: 1000 })).rejects.toBeInstanceOf(ContextTooLargeError);
    await expect(packContext(new Map([['a', ''], ['b', '']]), { maxFiles: 1, maxBytes: 1000 })).rejects.toBeInstanceOf(ContextTooLargeError);
  });
});
