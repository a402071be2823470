// Per student and lab: one grade in flight, LAYERLAB_GRADES_PER_HOUR per rolling hour; FAILED
// (infrastructure) submissions count for neither.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db, resetDatabase } from '../helpers/db';
import { createSubmission } from '../../lib/submissions/create';
import { RateLimitedError } from '../../lib/submissions/errors';
import { formatWait } from '../../lib/submissions/rate-limit';
import { stopBoss } from '../../lib/queue';

const DOCKERFILE = 'FROM layerlab/node:18\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n';

async function student(email = 'rl@x.test') {
  return db.user.create({ data: { email, name: 'RL', passwordHash: 'x' } });
}
const submit = (userId: string, labId = 'cache-order') => createSubmission({ userId, labId, files: { Dockerfile: DOCKERFILE } });
const finish = (id: string, status: 'GRADED' | 'FAILED') => db.submission.update({ where: { id }, data: { status, finishedAt: new Date() } });

describe('rate limits per student and lab', () => {
  beforeEach(resetDatabase);
  afterEach(() => {
    delete process.env.LAYERLAB_GRADES_PER_HOUR;
  });
  afterAll(() => stopBoss());

  it('one grade in flight per lab: the second is refused with why and when, other labs and students are not affected', async () => {
    const s = await student();
    const first = await submit(s.id);
    const err = await submit(s.id).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).toMatchObject({ reason: 'in-flight' });
    expect(err.message).toMatch(/still waiting to be graded/);
    expect(err.retryAfterSeconds).toBeGreaterThan(0);
    await submit(s.id, 'combine-run');
    await submit((await student('other@x.test')).id);
    await finish(first.id, 'GRADED');
    await submit(s.id);
  });

  it('concurrent submissions of one student to one lab: exactly one gets through', async () => {
    const s = await student();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => submit(s.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof RateLimitedError)).toHaveLength(4);
  });

  it('N per hour (LAYERLAB_GRADES_PER_HOUR); FAILED submissions do not count; the wait is when the oldest leaves the hour', async () => {
    process.env.LAYERLAB_GRADES_PER_HOUR = '3';
    const s = await student();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await submit(s.id);
      ids.push(id);
      await finish(id, 'GRADED');
    }
    // The oldest was 20 minutes ago: the next slot opens in about 40 minutes.
    await db.submission.update({ where: { id: ids[0] }, data: { createdAt: new Date(Date.now() - 20 * 60_000) } });
    const err = await submit(s.id).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.reason).toBe('hourly');
    expect(err.retryAfterSeconds).toBeGreaterThan(39 * 60);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(40 * 60);
    expect(err.message).toMatch(/all 3 grades for this lab in the last hour.*next one is allowed in 40 min/);

    // An infrastructure failure gives the grade back.
    await finish(ids[2], 'FAILED');
    const again = await submit(s.id);
    expect(again.id).toBeTruthy();
    // And once the oldest leaves the hour, a slot frees.
    await finish(again.id, 'GRADED');
    await db.submission.update({ where: { id: ids[0] }, data: { createdAt: new Date(Date.now() - 61 * 60_000) } });
    await submit(s.id);
  });

  it('formats waits for people', () => {
    expect(formatWait(42)).toBe('42 s');
    expect(formatWait(61)).toBe('2 min');
    expect(formatWait(3600)).toBe('1 h 0 min');
  });
});
