/**
 * The layer model and its analysis, from `docker save` tarballs built here (no daemon).
 */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tarOf, type TarEntry as Entry } from './test-tar';
import { formatBytes } from '../../lib/format';
import { attributeHistory } from './attribution';
import { findInLayers, finalTree, wastedBytes } from './file-tree';
import { pathGlob } from './glob';
import { ImageArchiveError, readImageModel, scanLayerContents, type ImageModel } from './image-archive';

interface Spec {
  history: { created_by: string; empty_layer?: boolean }[];
  layers: (Entry[] | { link: number } | { gzip: Entry[] } | 'empty')[];
  /** Order of layer tars in the archive (Docker writes them in no particular order). */
  order?: number[];
  legacy?: boolean;
}

/** A `docker save` archive: manifest.json, config, one tar per layer (legacy `<id>/layer.tar` layout by default). */
async function saveArchive(spec: Spec): Promise<Buffer> {
  const legacy = spec.legacy ?? true;
  const layerPath = (i: number) => (legacy ? `l${i}/layer.tar` : `blobs/sha256/${String(i).padStart(64, 'a')}`);
  const configPath = legacy ? 'cfg.json' : `blobs/sha256/${'c'.repeat(64)}`;
  const config = {
    config: { Env: ['PATH=/bin', 'TOKEN=x'], Cmd: ['cat', 'hello.txt'], WorkingDir: '/app', Labels: { a: 'b' }, ExposedPorts: { '3000/tcp': {} } },
    rootfs: { type: 'layers', diff_ids: spec.layers.map((_, i) => `sha256:${i}`) },
    history: spec.history,
  };
  const entries: Entry[] = [];
  const order = spec.order ?? spec.layers.map((_, i) => i);
  for (const i of order) {
    const l = spec.layers[i];
    if (legacy) entries.push({ name: `l${i}/`, type: 'directory' }, { name: `l${i}/VERSION`, content: '1.0' }, { name: `l${i}/json`, content: '{}' });
    if (l === 'empty') entries.push({ name: layerPath(i), content: Buffer.alloc(1024) });
    else if ('link' in l) entries.push({ name: layerPath(i), type: 'symlink', linkname: legacy ? `../l${l.link}/layer.tar` : String(l.link).padStart(64, 'a') });
    else if ('gzip' in l) entries.push({ name: layerPath(i), content: gzipSync(await tarOf(l.gzip)) });
    else entries.push({ name: layerPath(i), content: await tarOf(l) });
  }
  entries.push({ name: configPath, content: JSON.stringify(config) });
  entries.push({ name: 'manifest.json', content: JSON.stringify([{ Config: configPath, RepoTags: ['t:1'], Layers: spec.layers.map((_, i) => layerPath(i)) }]) });
  if (!legacy) entries.push({ name: 'index.json', content: '{"schemaVersion":2}' }, { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' });
  return tarOf(entries);
}

/** Chunked like a socket would deliver it (tiny chunks exercise the header sniffing). */
const streamOf = (buf: Buffer, chunk = 300) => Readable.from((function* () { for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk); })());

// The combine-run story: a base, an install that leaves a cache, a separate cleanup, then an overwrite.
const STORY: Spec = {
  history: [
    { created_by: '' }, // imported base
    { created_by: '/bin/sh -c #(nop) WORKDIR /app', empty_layer: true },
    { created_by: '/bin/sh -c tar -xf /tmp/tools.tar -C /opt' },
    { created_by: '/bin/sh -c rm -rf /var/cache/tools /tmp/x.bin' },
    { created_by: '/bin/sh -c echo v2 > /opt/tools/VERSION && chmod +x /bin/sh' },
    { created_by: '/bin/sh -c #(nop)  CMD ["cat" "hello.txt"]', empty_layer: true },
  ],
  layers: [
    [
      { name: 'bin/', type: 'directory' },
      { name: 'bin/busybox', size: 1000, mode: 0o755 },
      { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
      { name: 'tmp/', type: 'directory' },
      { name: 'tmp/x.bin', size: 50 },
    ],
    [
      { name: 'opt/', type: 'directory' },
      { name: 'opt/tools/', type: 'directory' },
      { name: 'opt/tools/VERSION', content: 'v1\n' },
      { name: 'opt/tools/bin/greet', content: '#!/bin/sh\necho hi\n', mode: 0o755 },
      { name: 'var/cache/tools/', type: 'directory' },
      { name: 'var/cache/tools/index', size: 4000 },
      { name: 'var/cache/tools/pkgs/a.pkg', size: 6000 },
      { name: 'var/cache/tools/empty', size: 0 },
    ],
    [
      { name: 'var/cache/', type: 'directory' },
      { name: 'var/cache/.wh.tools', size: 0 },
      { name: 'tmp/', type: 'directory' },
      { name: 'tmp/.wh.x.bin', size: 0 },
    ],
    [
      { name: 'opt/tools/', type: 'directory' },
      { name: 'opt/tools/VERSION', content: 'v2\n' },
      { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
    ],
  ],
  order: [3, 1, 0, 2],
};

describe('readImageModel (docker save archive → image model)', () => {
  it('maps layers to history entries in order, whatever the order of the tars in the archive', async () => {
    const model = await readImageModel(streamOf(await saveArchive(STORY)));
    expect(model.layers.map((l) => l.historyIndex)).toEqual([0, 2, 3, 4]);
    expect(model.history.map((h) => h.layerIndex)).toEqual([0, undefined, 1, 2, 3, undefined]);
    expect(model.history[1]).toMatchObject({ emptyLayer: true, createdBy: '/bin/sh -c #(nop) WORKDIR /app' });
    expect(model.layers[1].files.map((f) => f.path)).toContain('/var/cache/tools/pkgs/a.pkg');
    expect(model.layers[1].files.find((f) => f.path === '/opt/tools/bin/greet')).toEqual({ path: '/opt/tools/bin/greet', size: 18, type: 'file', mode: 0o755 });
    expect(model.layers[0].files.find((f) => f.path === '/bin/sh')).toMatchObject({ type: 'symlink', linkname: '/bin/busybox', size: 0 });
    expect(model.layers[1].size).toBe(3 + 18 + 4000 + 6000);
    expect(model.layers[2].whiteouts).toEqual([{ path: '/var/cache/tools', opaque: false }, { path: '/tmp/x.bin', opaque: false }]);
    expect(model.layers[2].files.map((f) => f.path)).toEqual(['/var/cache', '/tmp']);
    expect(model.config).toMatchObject({ env: ['PATH=/bin', 'TOKEN=x'], cmd: ['cat', 'hello.txt'], workingDir: '/app', labels: { a: 'b' }, exposedPorts: ['3000/tcp'] });
    expect(model.repoTags).toEqual(['t:1']);
  });

  it('reads the OCI layout, gzip layers, a layer stored as a symlink to an identical one, and empty layers', async () => {
    const spec: Spec = {
      legacy: false,
      history: [{ created_by: '' }, { created_by: '/bin/sh -c true' }, { created_by: '/bin/sh -c x' }, { created_by: '/bin/sh -c y' }],
      layers: [{ gzip: [{ name: 'a', content: 'aaaa' }, { name: 'd/', type: 'directory' }, { name: 'd/.wh..wh..opq' }] }, 'empty', [{ name: 'b', content: 'bb' }], { link: 2 }],
    };
    const model = await readImageModel(await saveArchive(spec).then((b) => streamOf(b, 7000)));
    expect(model.layers.map((l) => l.files.map((f) => f.path))).toEqual([['/a', '/d'], [], ['/b'], ['/b']]);
    expect(model.layers[0].whiteouts).toEqual([{ path: '/d', opaque: true }]);
    expect(model.layers.map((l) => l.size)).toEqual([4, 0, 2, 2]);
  });

  it('accepts a dockerode-like image (get()) and a factory, and rejects an archive without manifest', async () => {
    const buf = await saveArchive(STORY);
    expect((await readImageModel({ get: async () => streamOf(buf) })).layers).toHaveLength(4);
    expect((await readImageModel(async () => streamOf(buf))).layers).toHaveLength(4);
    await expect(readImageModel(streamOf(await tarOf([{ name: 'x', content: 'y' }])))).rejects.toBeInstanceOf(ImageArchiveError);
  });

  it('streams file contents to a scan hook only when asked, deleted files included', async () => {
    const secretSpec: Spec = {
      history: [{ created_by: '' }, { created_by: '/bin/sh -c echo s > /tmp/s' }, { created_by: '/bin/sh -c rm /tmp/s' }],
      layers: [[{ name: 'bin/busybox', size: 70_000 }], [{ name: 'tmp/', type: 'directory' }, { name: 'tmp/s', content: `${'x'.repeat(40_000)}TOKEN-123${'y'.repeat(100)}` }], [{ name: 'tmp/.wh.s' }]],
    };
    const buf = await saveArchive(secretSpec);
    const hits: { path: string; layer: string; offset: number }[] = [];
    let seen = 0;
    const model = await scanLayerContents({ get: async () => streamOf(buf, 4096) }, (p, chunk, info) => {
      seen += chunk.length;
      if (chunk.includes('TOKEN-123')) hits.push({ path: p, layer: info.layer, offset: info.offset });
    }, (f) => f.size < 60_000);
    expect(seen).toBe(40_000 + 9 + 100); // busybox (70 kB) skipped by wantContent
    expect(hits.map((h) => [h.path, h.layer])).toEqual([['/tmp/s', 'l1/layer.tar']]);
    expect(model.layers[1].source).toBe('l1/layer.tar');
    expect(finalTree(model).has('/tmp/s')).toBe(false);
  });
});

describe('analysis (pure)', () => {
  let model: ImageModel;
  const load = async () => (model ??= await readImageModel(streamOf(await saveArchive(STORY))));

  it('final tree applies whiteouts and overwrites', async () => {
    const tree = finalTree(await load());
    expect(tree.has('/var/cache/tools')).toBe(false);
    expect(tree.has('/var/cache/tools/index')).toBe(false);
    expect(tree.has('/tmp/x.bin')).toBe(false);
    expect(tree.get('/opt/tools/VERSION')).toMatchObject({ layerIndex: 3, file: { size: 3 } });
    expect(tree.get('/opt/tools/bin/greet')?.layerIndex).toBe(1);
    expect(tree.get('/bin/busybox')?.layerIndex).toBe(0);
    expect(tree.has('/var/cache')).toBe(true);
  });

  it('wasted bytes: files deleted or overwritten by a later layer, with both layers, grouped per removal', async () => {
    const w = wastedBytes(await load());
    expect(w.files).toEqual([
      { path: '/tmp/x.bin', bytes: 50, addedBy: 0, removedBy: 2, how: 'deleted', via: '/tmp/x.bin' },
      { path: '/opt/tools/VERSION', bytes: 3, addedBy: 1, removedBy: 3, how: 'overwritten', via: '/opt/tools/VERSION' },
      { path: '/var/cache/tools/index', bytes: 4000, addedBy: 1, removedBy: 2, how: 'deleted', via: '/var/cache/tools' },
      { path: '/var/cache/tools/pkgs/a.pkg', bytes: 6000, addedBy: 1, removedBy: 2, how: 'deleted', via: '/var/cache/tools' },
    ]);
    expect(w.totalBytes).toBe(10_053);
    expect(w.groups[0]).toEqual({ addedBy: 1, removedBy: 2, how: 'deleted', path: '/var/cache/tools', bytes: 10_000, files: 2 });
    // dive counts a deleted file twice (copy + whiteout) and both copies of an overwritten one.
    expect(w.diveWastedBytes).toBe(50 * 2 + 3 * 2 + 10_000);
    expect(w.efficiency).toBeGreaterThan(0);
    expect(w.efficiency).toBeLessThan(1);
    expect(w.imageBytes).toBe(1000 + 50 + 10_021 + 3);
  });

  it('a single-layer image wastes nothing and divides by no zero', () => {
    expect(wastedBytes({ layers: [] })).toMatchObject({ totalBytes: 0, efficiency: 1, diveWastedBytes: 0, imageBytes: 0 });
    const one = { layers: [{ index: 0, source: 'x', files: [{ path: '/d', size: 0, type: 'directory' as const, mode: 0o755 }], whiteouts: [], size: 0 }] };
    expect(wastedBytes(one)).toMatchObject({ totalBytes: 0, efficiency: 1, files: [] });
  });

  it('an opaque whiteout hides the lower content of a directory but not its own new files', () => {
    const f = (p: string, size = 10) => ({ path: p, size, type: 'file' as const, mode: 0o644 });
    const layers = [
      { index: 0, source: 'a', files: [f('/d/a'), f('/d/sub/b')], whiteouts: [], size: 20 },
      { index: 1, source: 'b', files: [{ path: '/d', size: 0, type: 'directory' as const, mode: 0o755 }, f('/d/c', 5)], whiteouts: [{ path: '/d', opaque: true }], size: 5 },
    ];
    expect([...finalTree({ layers }).keys()].sort()).toEqual(['/d', '/d/c']);
    expect(wastedBytes({ layers }).totalBytes).toBe(20);
    // A file replaced by a directory (and the directory's content replaced by a file) is overwritten.
    const swap = [
      { index: 0, source: 'a', files: [{ path: '/x', size: 0, type: 'directory' as const, mode: 0o755 }, f('/x/in', 7)], whiteouts: [], size: 7 },
      { index: 1, source: 'b', files: [f('/x', 1)], whiteouts: [], size: 1 },
    ];
    expect(wastedBytes({ layers: swap }).files).toEqual([{ path: '/x/in', bytes: 7, addedBy: 0, removedBy: 1, how: 'deleted', via: '/x' }]);
  });

  it('findInLayers finds a path in any layer, deleted later or not', async () => {
    const m = await load();
    const found = findInLayers(m, (f) => pathGlob('/var/cache/tools')(f.path));
    expect(found.map((x) => [x.layerIndex, x.file.path, x.inFinalImage, x.fate?.byLayer])).toEqual([
      [1, '/var/cache/tools', false, 2],
      [1, '/var/cache/tools/index', false, 2],
      [1, '/var/cache/tools/pkgs/a.pkg', false, 2],
      [1, '/var/cache/tools/empty', false, 2],
    ]);
    expect(findInLayers(m, (f) => f.path === '/opt/tools/bin/greet')[0]).toMatchObject({ inFinalImage: true });
    expect(findInLayers(m, (f) => f.path === '/nope')).toEqual([]);
  });

  it('attributes the final stage\'s steps to the top history entries, cross-checked', async () => {
    const m = await load();
    const steps = [
      { n: 2, keyword: 'WORKDIR', instruction: 'WORKDIR /app', line: 2 },
      { n: 3, keyword: 'RUN', instruction: 'RUN tar …', line: 3 },
      { n: 4, keyword: 'RUN', instruction: 'RUN rm …', line: 4 },
      { n: 5, keyword: 'RUN', instruction: 'RUN echo …', line: 5 },
      { n: 6, keyword: 'CMD', instruction: 'CMD …', line: 6 },
    ];
    expect(attributeHistory(m, steps).map((s) => s?.n)).toEqual([undefined, 2, 3, 4, 5, 6]);
    // A mismatch (a RUN where the history has a #(nop)) attributes nothing rather than guess.
    expect(attributeHistory(m, [...steps.slice(0, 4), { n: 6, keyword: 'RUN', instruction: 'RUN x' }, steps[4]]).every((s) => s === undefined)).toBe(true);
  });
});

describe('helpers', () => {
  it('path globs', () => {
    expect(pathGlob('/tmp/tools.tar')('/tmp/tools.tar')).toBe(true);
    expect(pathGlob('tools.tar')('/opt/x/tools.tar')).toBe(true);
    expect(pathGlob('tools.tar')('/tools.tar')).toBe(true);
    expect(pathGlob('tools.tar')('/opt/x/tools.tar.gz')).toBe(false);
    expect(pathGlob('**/*.tar')('/a/b/c.tar')).toBe(true);
    expect(pathGlob('/var/cache/apk')('/var/cache/apk/APKINDEX.tar.gz')).toBe(true);
    expect(pathGlob('/var/cache/apk')('/var/cache/apkx')).toBe(false);
    expect(pathGlob('/var/lib/apt/lists/*')('/var/lib/apt/lists/deb_Release')).toBe(true);
    expect(pathGlob('/opt/*/bin')('/opt/a/b/bin')).toBe(false);
  });
  it('formats sizes like docker history', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(21)).toBe('21 B');
    expect(formatBytes(4_700_000)).toBe('4.70 MB');
    expect(formatBytes(1_985_569)).toBe('1.99 MB');
  });
});
