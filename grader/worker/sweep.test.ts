import { describe, expect, it } from 'vitest';
import { hostTag, nonceOfTag, ownerIsDead, parseWorkerGradeId, workerGradeId } from './sweep';

describe('worker grade ids', () => {
  it('encode host and pid, and are safe in tags, labels and cgroup names', () => {
    const id = workerGradeId(12345, 'host-a');
    expect(id).toMatch(/^[a-z0-9][a-z0-9-]{0,39}$/);
    expect(parseWorkerGradeId(id)).toEqual({ host: hostTag('host-a'), pid: 12345 });
    expect(parseWorkerGradeId('0123456789ab')).toBeNull(); // a CLI/test grade: not a worker's
  });
  it('a grade is dead only when its worker is on this host and gone', () => {
    expect(ownerIsDead(workerGradeId(process.pid))).toBe(false);
    expect(ownerIsDead(workerGradeId(2 ** 22 + 7))).toBe(true); // above pid_max: never alive
    expect(ownerIsDead(workerGradeId(2 ** 22 + 7, 'another-host'))).toBe(false);
    expect(ownerIsDead('0123456789ab')).toBe(false);
  });
  it('reads the grade id out of its tags', () => {
    expect(nonceOfTag('layerlab-grade-wabc123-1a-0011aabb-base:0')).toBe('wabc123-1a-0011aabb');
    expect(nonceOfTag('layerlab-grade-0123456789ab:initial')).toBe('0123456789ab');
    expect(nonceOfTag('layerlab/node:18')).toBeUndefined();
  });
});
