/**
 * The secret check searches names too (issue 7 item 8): file and folder names, symlink/hardlink
 * targets and whiteout names, read from a fake `docker save` archive by the real layer reader.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tarOf, type TarEntry as Entry } from '../inspect/test-tar';
import type { Lab } from '../labs';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import { readImageModel, type ImageModel } from '../inspect/image-archive';
import { gradeSecret } from '../secret';
import { runCheckEntry } from './registry';
import { maskSecret, nameLeaks } from './secret';
import type { BuildRecord, CheckContext } from './types';

/** A legacy-layout `docker save` archive (`<id>/layer.tar`, config, manifest), one history entry per layer. */
async function saveArchive(layers: { createdBy: string; entries: Entry[] }[]): Promise<Buffer> {
  const config = {
    config: { Env: ['PATH=/bin'], Labels: {} },
    rootfs: { type: 'layers', diff_ids: layers.map((_, i) => `sha256:${i}`) },
    history: layers.map((l) => ({ created_by: l.createdBy })),
  };
  const entries: Entry[] = [];
  for (const [i, l] of layers.entries()) entries.push({ name: `l${i}/`, type: 'directory' }, { name: `l${i}/layer.tar`, content: await tarOf(l.entries) });
  entries.push({ name: 'cfg.json', content: JSON.stringify(config) });
  entries.push({ name: 'manifest.json', content: JSON.stringify([{ Config: 'cfg.json', RepoTags: ['t:1'], Layers: layers.map((_, i) => `l${i}/layer.tar`) }]) });
  return tarOf(entries);
}

const nonce = 'names0';
const secret = gradeSecret(nonce);
const steps = [
  { n: 2, keyword: 'RUN', instruction: 'RUN touch /tmp/$(cat token)', line: 2 },
  { n: 3, keyword: 'RUN', instruction: 'RUN ln -s /srv/$(cat token)/x /app/link', line: 3 },
  { n: 4, keyword: 'RUN', instruction: 'RUN rm /tmp/*', line: 4 },
];
const layerSpec = () => [
  { createdBy: '', entries: [{ name: 'bin/', type: 'directory' as const }, { name: 'bin/sh', content: '#!' }] },
  { createdBy: '/bin/sh -c touch /tmp/$(cat token)', entries: [{ name: 'tmp/', type: 'directory' as const }, { name: `tmp/${secret}`, content: '' }] },
  {
    createdBy: '/bin/sh -c ln -s /srv/$(cat token)/x /app/link',
    entries: [
      { name: 'app/', type: 'directory' as const },
      { name: 'app/link', type: 'symlink' as const, linkname: `/srv/${secret}/x` },
      { name: `app/cache-${secret}/`, type: 'directory' as const },
      { name: `app/cache-${secret}/a.json`, content: '{}' },
      { name: `app/cache-${secret}/b.json`, content: '{}' },
    ],
  },
  { createdBy: '/bin/sh -c rm /tmp/*', entries: [{ name: 'tmp/', type: 'directory' as const }, { name: `tmp/.wh.${secret}`, content: '' }] },
];

async function modelOf(spec = layerSpec(), onContent?: (p: string, c: Buffer, layer: string) => void): Promise<ImageModel> {
  const archive = await saveArchive(spec);
  return readImageModel(Readable.from([archive]), onContent ? { onContent: (p, c, i) => onContent(p, c, i.layer) } : {});
}

describe('secret check: names', () => {
  it('finds the secret in a file name, a folder name (once) and a symlink target, with the layer and its line', async () => {
    const model = await modelOf();
    const attribution = [undefined, ...steps];
    const texts = nameLeaks(model, secret, attribution).map((f) => f.text);
    expect(texts).toEqual([
      'in the name of the file `/tmp/<token>` of layer 2/4, created by line 2 `RUN touch /tmp/$(cat token)`. It was deleted later by line 4 `RUN rm /tmp/*`, but the layer that added it keeps its name.',
      'in the target of the symlink `/app/link` (→ `/srv/<token>/x`) of layer 3/4, created by line 3 `RUN ln -s /srv/$(cat token)/x /app/link`: a link\'s target is stored in the layer like a file\'s content.',
      'in the name of the folder `/app/cache-<token>` of layer 3/4, created by line 3 `RUN ln -s /srv/$(cat token)/x /app/link`.',
    ]);
    // The secret itself never appears in the feedback.
    for (const t of texts) expect(t).not.toContain(secret);
  });

  it('reports a whiteout that names the secret when no lower layer was reported for that name', async () => {
    const spec = layerSpec();
    spec.splice(1, 1, { createdBy: '/bin/sh -c true', entries: [] });
    const texts = nameLeaks(await modelOf(spec), secret, []).map((f) => f.text);
    expect(texts).toContain('in the name of a deletion marker (whiteout `.wh.` entry for `/tmp/<token>`) of layer 4/4: deleting a file records its name in the deleting layer.');
  });

  it('finds nothing when no name holds the secret (a similar prefix is not the secret)', async () => {
    const spec = [{ createdBy: '', entries: [{ name: `tmp/${secret.slice(0, -1)}`, content: '' }, { name: 'l', type: 'symlink' as const, linkname: secret.slice(1) }] }];
    expect(nameLeaks(await modelOf(spec), secret, [])).toEqual([]);
  });

  it('maskSecret hides every occurrence', () => {
    expect(maskSecret(`a${secret}b${secret}`, secret)).toBe('a<token>b<token>');
  });

  it('runs through the registry: an empty file named after the token fails the check', async () => {
    const build: BuildRecord = { name: 'initial', ok: true, skipped: false, durationMs: 1, imageId: 'img', changedFiles: [], steps: [] };
    const ctx = (spec: ReturnType<typeof layerSpec>): CheckContext => ({
      lab: {} as Lab,
      builds: new Map([['initial', build]]),
      dockerfile: parseDockerfile('FROM layerlab/node:18\n'),
      nonce,
      runTimeoutSeconds: 20,
      memoryMb: 512,
      driver: {
        workingDir: async () => '/',
        pathExists: async () => false,
        run: async () => {
          throw new Error('no');
        },
        scanImageContents: async (_image, onChunk) => {
          const archive = await saveArchive(spec);
          return readImageModel(Readable.from([archive]), { onContent: onChunk });
        },
      },
    });
    const check = { kind: 'secret' as const, id: 's', title: 's', points: 50, build: 'initial', source: 'the token' };
    const leaked = await runCheckEntry(ctx(layerSpec().slice(0, 2)), check);
    expect(leaked.passed).toBe(false);
    expect(leaked.feedback).toContain('in the name of the file `/tmp/<token>` of layer 2/2');
    expect(leaked.feedback).not.toContain(secret);
    const clean = await runCheckEntry(ctx(layerSpec().slice(0, 1)), check);
    expect(clean.passed).toBe(true);
    expect(clean.feedback).toContain('every file name and link target');
  });
});
