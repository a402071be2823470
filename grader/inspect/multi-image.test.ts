/**
 * One `docker save` of several images (no daemon): the archive Docker writes for
 * `GET /images/get?names=a&names=b`, with the base layer shared and written once; the models, the
 * content search over it, and the per-grade analyses made from ONE read.
 */
import { describe, expect, it } from 'vitest';
import { tarOf, type TarEntry } from './test-tar';
import { readImageModels, imageIdOfConfigPath, type ContentHook, type ImageModel } from './image-archive';
import { ContentSearch } from './content-search';
import { ImageAnalyses } from './analysis';

const hex = (c: string) => c.repeat(64);
const blob = (c: string) => `blobs/sha256/${hex(c)}`;

/** Two images on one base layer (OCI layout): image A adds /app/a.txt, image B adds /app/.token then deletes it. */
async function twoImageArchive(): Promise<Buffer> {
  const base = await tarOf([{ name: 'bin/', type: 'directory' }, { name: 'bin/busybox', size: 5000, mode: 0o755 }]);
  const a = await tarOf([{ name: 'app/', type: 'directory' }, { name: 'app/a.txt', content: 'hello' }]);
  const b1 = await tarOf([{ name: 'app/', type: 'directory' }, { name: 'app/.token', content: `x${'y'.repeat(3000)}NEEDLE-42` }]);
  const b2 = await tarOf([{ name: 'app/', type: 'directory' }, { name: 'app/.wh..token' }]);
  const config = (layers: string[], by: string[]) => JSON.stringify({ config: { Env: [] }, rootfs: { type: 'layers', diff_ids: layers.map((l) => `sha256:${l}`) }, history: by.map((created_by) => ({ created_by })) });
  const entries: TarEntry[] = [
    { name: blob('0'), content: base },
    { name: blob('1'), content: a },
    { name: blob('2'), content: b1 },
    { name: blob('3'), content: b2 },
    { name: blob('a'), content: config(['0', '1'], ['', '/bin/sh -c echo hello > /app/a.txt']) },
    { name: blob('b'), content: config(['0', '2', '3'], ['', 'COPY .token /app/', '/bin/sh -c rm /app/.token']) },
    {
      name: 'manifest.json',
      content: JSON.stringify([
        { Config: blob('b'), RepoTags: null, Layers: [blob('0'), blob('2'), blob('3')] },
        { Config: blob('a'), RepoTags: null, Layers: [blob('0'), blob('1')] },
      ]),
    },
  ];
  return tarOf(entries);
}

describe('readImageModels (several images in one save archive)', () => {
  it('gives every image its model and id, reading a shared layer once', async () => {
    const buf = await twoImageArchive();
    const models = await readImageModels(async () => (await import('node:stream')).Readable.from([buf]));
    expect(models.map((m) => m.id)).toEqual([`sha256:${hex('b')}`, `sha256:${hex('a')}`]);
    const [b, a] = models;
    expect(a.layers.map((l) => l.files.map((f) => f.path))).toEqual([['/bin', '/bin/busybox'], ['/app', '/app/a.txt']]);
    expect(b.layers[2].whiteouts).toEqual([{ path: '/app/.token', opaque: false }]);
    expect(a.layers[0].files).toBe(b.layers[0].files); // parsed once, shared
    expect(b.history.map((h) => h.layerIndex)).toEqual([0, 1, 2]);
  });

  it('names image ids from both archive layouts', () => {
    expect(imageIdOfConfigPath(`${hex('c')}.json`)).toBe(`sha256:${hex('c')}`);
    expect(imageIdOfConfigPath(blob('d'))).toBe(`sha256:${hex('d')}`);
    expect(imageIdOfConfigPath('cfg.json')).toBeUndefined();
  });
});

describe('ContentSearch', () => {
  it('finds each needle across chunk boundaries and keeps, per image, only the hits in its own layers', async () => {
    const buf = await twoImageArchive();
    const search = new ContentSearch(['NEEDLE-42', 'hello', '']);
    // 700-byte chunks: the needle of /app/.token straddles a chunk boundary.
    const chunks = (function* () { for (let i = 0; i < buf.length; i += 700) yield buf.subarray(i, i + 700); })();
    const [b, a] = await readImageModels(async () => (await import('node:stream')).Readable.from(chunks), { onContent: search.hook });
    const inB = search.resultsFor(b);
    const inA = search.resultsFor(a);
    expect([...inB.keys()]).toEqual(['NEEDLE-42', 'hello']);
    expect(inB.get('NEEDLE-42')!.hits).toEqual([{ layer: blob('2'), path: '/app/.token' }]);
    expect(inB.get('hello')!.hits).toEqual([]);
    expect(inA.get('NEEDLE-42')!.hits).toEqual([]);
    expect(inA.get('hello')!.hits).toEqual([{ layer: blob('1'), path: '/app/a.txt' }]);
    expect(inA.get('hello')!.filesScanned).toBe(2); // busybox and a.txt
    expect(inB.get('hello')!.filesScanned).toBe(2); // busybox and .token (a whiteout has no content)
  });
});

describe('ImageAnalyses.prefetch', () => {
  const model = (id: string): ImageModel => ({ id, history: [], layers: [], config: { env: [], labels: {}, exposedPorts: [], raw: {} }, repoTags: [] });

  it('reads every image in ONE batch, matched by id whatever the archive order, and each reader gets it', async () => {
    const batches: string[][] = [];
    const singles: string[] = [];
    const images = new ImageAnalyses(
      async (id) => (singles.push(id), model(id)),
      async (ids, onContent?: ContentHook) => {
        batches.push(ids);
        expect(onContent).toBeTypeOf('function');
        return [...ids].reverse().map(model);
      },
    );
    images.prefetch(['sha256:1', 'sha256:2', 'sha256:1'], ['tok']);
    const [one, two] = await Promise.all([images.of('sha256:1'), images.of('sha256:2')]);
    expect(one.model.id).toBe('sha256:1');
    expect(two.model.id).toBe('sha256:2');
    expect(one.contentHits?.get('tok')).toEqual({ hits: [], filesScanned: 0 });
    expect(batches).toEqual([['sha256:1', 'sha256:2']]);
    expect(singles).toEqual([]);
    images.prefetch(['sha256:2']); // already read: no second batch
    expect(batches).toHaveLength(1);
  });

  it('forgets a failed batch, so a later reader reads the image on its own', async () => {
    const singles: string[] = [];
    const images = new ImageAnalyses(async (id) => (singles.push(id), model(id)), async () => {
      throw new Error('save failed');
    });
    images.prefetch(['sha256:1']);
    await expect(images.of('sha256:1')).rejects.toThrow('save failed');
    expect((await images.of('sha256:1')).model.id).toBe('sha256:1');
    expect(singles).toEqual(['sha256:1']);
  });
});
