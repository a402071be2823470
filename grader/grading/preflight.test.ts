import { describe, expect, it } from 'vitest';
import { loadLab } from '../labs';
import { preflight } from './preflight';

describe('preflight (no engine)', () => {
  it('plans a well-formed submission: the starter files overlaid, the Dockerfile parsed, the lab\'s limits', async () => {
    const lab = await loadLab('cache-order');
    const r = preflight(lab, { files: { Dockerfile: 'FROM layerlab/node:18\nWORKDIR /app\n' }, limits: { cpus: 0.5 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.files.get('package.json')).toBeDefined();
    expect(r.plan.parsed.instructions.map((i) => i.keyword)).toEqual(['FROM', 'WORKDIR']);
    expect(r.plan.limits).toMatchObject({ cpus: 0.5, memoryMb: 512, buildTimeoutSeconds: 180 });
  });

  it('refuses, with the reason, what will not be built', async () => {
    const lab = await loadLab('cache-order');
    const reason = (files: Record<string, string>) => {
      const r = preflight(lab, { files });
      return r.ok ? '' : r.reason;
    };
    expect(reason({ Dockerfile: 'FROM layerlab/node:18', '../x': 'y' })).toMatch(/^The submission was rejected: /);
    expect(reason({ Dockerfile: '  \n' })).toBe('No Dockerfile was submitted (or it is empty).');
    expect(reason({ Dockerfile: 'FROM node:18\n' })).toMatch(/^Refused before building: .*base image `node:18` is not allowed/);
    expect(reason({ Dockerfile: `FROM layerlab/node:18\n${'RUN true\n'.repeat(300)}` })).toMatch(/^Refused before building: /);
  });
});
