/**
 * Test helper (no daemon): build a tar archive in memory, e.g. a layer or a whole `docker save`
 * archive for the layer reader. Files without content get `size` bytes of `a`.
 */
import tar from 'tar-stream';

export type TarEntry = {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  content?: string | Buffer;
  size?: number;
  mode?: number;
  linkname?: string;
};

export async function tarOf(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((r) => pack.on('end', () => r()));
  for (const e of entries) {
    const type = e.type ?? 'file';
    if (type === 'file') {
      const data = typeof e.content === 'string' ? Buffer.from(e.content) : e.content ?? Buffer.alloc(e.size ?? 0, 0x61);
      pack.entry({ name: e.name, type, mode: e.mode ?? 0o644, size: data.length }, data);
    } else pack.entry({ name: e.name, type, mode: e.mode ?? (type === 'directory' ? 0o755 : 0o777), linkname: e.linkname });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}
