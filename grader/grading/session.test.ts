import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../errors';
import { fakeSession } from './fake-engine';
import { gradeNonce } from './session';

describe('GradeSession', () => {
  it('owns the grade\'s tags and intermediate images and releases everything on close, once', async () => {
    const { session, record } = fakeSession({ gradeId: 'abc-1' });
    expect(session.nonce).toBe('abc-1');
    expect(session.cgroupParent).toBe('/layerlab-builds/grade-g2test');
    expect(session.tagFor('initial')).toBe('layerlab-grade-abc-1:initial');
    session.trackIntermediates(['sha256:aa', 'sha256:bb']);
    await session.close();
    await session.close();
    expect(record.removed).toEqual({ tags: ['layerlab-grade-abc-1:initial'], intermediateIds: ['sha256:aa', 'sha256:bb'], createdAfterMs: session.startMs });
    expect(record.driverCleanups).toBe(1);
    expect(record.cgroupCleanups).toBe(1);
  });

  it('a failing cleanup step is logged, never thrown, and the other steps still run', async () => {
    const { session, record } = fakeSession({ failCleanup: true });
    await expect(session.close()).resolves.toBeUndefined();
    expect(record.removed).toBeDefined();
    expect(record.cgroupCleanups).toBe(1);
    expect(record.logs.join('\n')).toMatch(/cleanup of grade g2test left: driver cleanup failed/);
  });

  it('its own time limit aborts its signal and makes the grade a graded stop', async () => {
    const { session } = fakeSession({ limits: { gradeTimeoutSeconds: 0.01 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(session.signal.aborted).toBe(true);
    expect(session.stoppedByTimeLimit).toBe(true);
    expect(() => session.checkAborted()).toThrow(InfrastructureError);
    await session.close();
  });

  it('the caller\'s cancellation aborts it too, and is not a graded stop', async () => {
    const ctl = new AbortController();
    const { session } = fakeSession({ signal: ctl.signal });
    expect(() => session.checkAborted()).not.toThrow();
    ctl.abort();
    expect(session.signal.aborted).toBe(true);
    expect(session.stoppedByTimeLimit).toBe(false);
    expect(() => session.checkAborted()).toThrow(/grading was cancelled/);
    await session.close();
  });

  it('takes the caller\'s grade id only when it is a valid nonce', () => {
    expect(gradeNonce('w1-2a-00ff')).toBe('w1-2a-00ff');
    expect(gradeNonce('Bad Id')).toMatch(/^[0-9a-f]{12}$/);
    expect(gradeNonce(undefined)).toMatch(/^[0-9a-f]{12}$/);
  });
});
