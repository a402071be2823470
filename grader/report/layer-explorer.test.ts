/**
 * The layer explorer over a fake image model (no daemon): added / modified / deleted (whiteouts),
 * wasted copies, base layers summarised, the caps and the report contract.
 */
import { describe, expect, it } from 'vitest';
import { GradeReportSchema, StoredReportSchema } from '../../lib/grading/report';
import { analyseImage } from '../inspect/analysis';
import type { ImageLayer, ImageModel, LayerFile } from '../inspect/image-archive';
import { layerExplorerOf, type ExplorerSource } from './layer-explorer';

const file = (path: string, size: number, type: LayerFile['type'] = 'file'): LayerFile => ({ path, size, type, mode: 0o644 });
const layer = (index: number, files: LayerFile[], whiteouts: ImageLayer['whiteouts'] = []): ImageLayer => ({
  index,
  source: `l${index}`,
  historyIndex: index,
  files,
  whiteouts,
  size: files.reduce((s, f) => s + f.size, 0),
});

function model(layers: ImageLayer[]): ImageModel {
  return {
    history: layers.map((l) => ({ index: l.index, createdBy: `step ${l.index}`, emptyLayer: false, layerIndex: l.index })),
    layers,
    config: { env: [], labels: {}, exposedPorts: [], raw: {} },
    repoTags: [],
  };
}

// Layer 0: the base image. 1: npm install leaves a cache. 2: rm -rf the cache, overwrite a file.
const STORY = model([
  layer(0, [file('/bin', 0, 'directory'), file('/bin/sh', 900), file('/etc/os-release', 100)]),
  layer(1, [
    file('/app', 0, 'directory'),
    file('/app/node_modules/dayjs/index.js', 300),
    file('/app/node_modules/dayjs/locale/fr.js', 40),
    file('/root/.npm/_cacache/big', 5000),
    file('/root/.npm/_cacache/small', 10),
    file('/app/config.json', 70),
  ]),
  layer(2, [file('/app', 0, 'directory'), file('/app/config.json', 80), file('/etc/os-release', 120)], [{ path: '/root/.npm', opaque: false }]),
]);

function source(m: ImageModel): ExplorerSource {
  const steps = [undefined, { n: 2, keyword: 'RUN', instruction: 'RUN npm ci', line: 3 }, { n: 3, keyword: 'RUN', instruction: 'RUN rm -rf /root/.npm', line: 4, stage: 0 }];
  return {
    analysis: analyseImage(m),
    isOwn: (i) => i > 0,
    stepOf: (i) => steps[i],
    label: (i) => (i === 0 ? 'the base image layerlab/node:18 (its layer 1)' : `line ${steps[i]!.line}`),
    stageName: () => 'build',
  };
}

describe('layerExplorerOf', () => {
  const ex = layerExplorerOf('initial', source(STORY));

  it('lists the layers bottom first with their step, stage and size', () => {
    expect(ex.build).toBe('initial');
    expect(ex.layers.map((l) => [l.index, l.line, l.instruction, l.sizeBytes])).toEqual([
      [0, undefined, undefined, 1000],
      [1, 3, 'RUN npm ci', 5420],
      [2, 4, 'RUN rm -rf /root/.npm', 200],
    ]);
    expect(ex.layers[2].stage).toBe('build');
  });

  it('summarises base-image layers: count and size, no files, their wasted bytes', () => {
    const base = ex.layers[0];
    expect(base.base).toBe(true);
    expect(base.files).toEqual([]);
    expect(base.fileCount).toBe(3);
    expect(base.moreFiles).toBe(3);
    expect(base.wastedBytes).toBe(100); // /etc/os-release overwritten by layer 2
  });

  it('marks added files and the wasted copies a later layer deletes or overwrites; directories are not listed', () => {
    const l1 = ex.layers[1];
    expect(l1.files.map((f) => f.path)).toEqual([
      '/app/config.json',
      '/app/node_modules/dayjs/index.js',
      '/app/node_modules/dayjs/locale/fr.js',
      '/root/.npm/_cacache/big',
      '/root/.npm/_cacache/small',
    ]);
    expect(l1.files.every((f) => f.change === 'added')).toBe(true);
    expect(l1.files.filter((f) => f.wasted).map((f) => f.path)).toEqual(['/app/config.json', '/root/.npm/_cacache/big', '/root/.npm/_cacache/small']);
    expect(l1.wastedBytes).toBe(5080);
    expect(l1.fileCount).toBe(6);
    expect(l1.moreFiles).toBe(0);
  });

  it('marks modified files and whiteouts with the bytes they hid', () => {
    const l2 = ex.layers[2];
    expect(l2.files).toEqual([
      { path: '/app/config.json', change: 'modified', bytes: 80 },
      { path: '/etc/os-release', change: 'modified', bytes: 120 },
      { path: '/root/.npm', change: 'deleted', bytes: 5010 },
    ]);
    expect(l2.wastedBytes).toBe(0);
    expect(l2.fileCount).toBe(4);
  });

  it('caps files per layer (keeping whiteouts and wasted copies, then the largest) and per build, with the count left out', () => {
    const capped = layerExplorerOf('initial', source(STORY), { filesPerLayer: 2, filesPerBuild: 3 });
    expect(capped.layers[1].files.map((f) => f.path)).toEqual(['/root/.npm/_cacache/big', '/app/config.json'].sort());
    expect(capped.layers[1].moreFiles).toBe(3);
    expect(capped.layers[2].files.map((f) => f.path)).toEqual(['/root/.npm']);
    expect(capped.layers[2].moreFiles).toBe(2);
  });

  it('keeps an opaque whiteout as deleted', () => {
    const m = model([layer(0, [file('/x', 1)]), layer(1, [file('/d/a', 7)]), layer(2, [file('/d/b', 1)], [{ path: '/d', opaque: true }])]);
    const out = layerExplorerOf('b', { ...source(m), isOwn: () => true });
    expect(out.layers[2].files).toEqual([{ path: '/d', change: 'deleted', bytes: 7 }, { path: '/d/b', change: 'added', bytes: 1 }]);
    expect(out.layers[1].files).toEqual([{ path: '/d/a', change: 'added', bytes: 7, wasted: true }]);
  });

  it('fits the report contract, strict and stored', () => {
    const report = { lab: 'x', score: 0, maxScore: 0, checks: [], builds: [], cacheDiffs: [], layers: [ex], log: '' };
    expect(GradeReportSchema.parse(report).layers).toEqual([ex]);
    const stored = StoredReportSchema.parse({ ...report, layers: [{ build: 'b', layers: 'nonsense' }] });
    expect(stored.layers).toBeUndefined();
  });
});
