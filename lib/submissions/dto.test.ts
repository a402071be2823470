import { describe, expect, it } from 'vitest';
import { LAYERS_PENDING_LIMIT_MS, withoutStalePending } from './dto';
import type { StoredReport } from './report';

const report = (pending: boolean) => ({ lab: 'cache-order', score: 1, maxScore: 1, checks: [], builds: [], cacheDiffs: [], ...(pending ? { layersPending: true as const } : {}) }) as unknown as StoredReport;

describe('a report waiting for its layer explorer', () => {
  const scored = new Date('2026-11-29T20:00:00Z');
  it('keeps waiting while the worker may still read the images', () => {
    expect(withoutStalePending(report(true), scored, scored.getTime() + LAYERS_PENDING_LIMIT_MS - 1)?.layersPending).toBe(true);
  });
  it('stops waiting long after the score (the worker stopped in between): no notice, the report stands', () => {
    const r = withoutStalePending(report(true), scored, scored.getTime() + LAYERS_PENDING_LIMIT_MS);
    expect(r?.layersPending).toBeUndefined();
    expect(r?.score).toBe(1);
  });
  it('leaves other reports alone', () => {
    const r = report(false);
    expect(withoutStalePending(r, scored, scored.getTime() + 10 * LAYERS_PENDING_LIMIT_MS)).toBe(r);
    expect(withoutStalePending(null, scored)).toBeNull();
  });
});
