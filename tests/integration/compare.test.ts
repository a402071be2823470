// Comparing two submissions against the real (test) database: both ids go through the viewer's
// scope (a student their own, a teacher their classes' students, an admin all), an id the viewer may
// not see reads as not found, two labs are refused, and the stored report and the rows both compare.
import { beforeEach, describe, expect, it } from 'vitest';
import { db, resetDatabase } from '../helpers/db';
import { comparisonCandidates, loadComparison } from '../../lib/submissions/compare-load';

const step = (n: number, instruction: string, cached: boolean, sizeBytes: number) => ({ n, instruction, cached, line: n, durationMs: 100 * n, sizeBytes });
const report = (steps: ReturnType<typeof step>[], orderPassed: boolean) => ({
  lab: 'cache-order',
  score: orderPassed ? 100 : 40,
  maxScore: 100,
  checks: [{ id: 'order', title: 'Dependencies before sources', passed: orderPassed, points: orderPassed ? 60 : 0, maxPoints: 60, feedback: '' }],
  builds: [{ name: 'edit-source', ok: true, durationMs: 1000, steps }],
});

async function graded(userId: string, labId: string, r: ReturnType<typeof report> | null) {
  return db.submission.create({
    data: {
      userId,
      labId,
      files: { Dockerfile: 'FROM layerlab/node:18\n' },
      status: 'GRADED',
      score: r?.score ?? 0,
      maxScore: 100,
      report: r ?? undefined,
      finishedAt: new Date(),
      checks: { create: [{ position: 0, checkId: 'order', title: 'Dependencies before sources', passed: false, points: 0, maxPoints: 60, feedback: '' }] },
      builds: { create: [{ position: 0, name: 'edit-source', ok: true, durationMs: 900, steps: { create: [{ n: 1, instruction: 'FROM layerlab/node:18', cached: true }] } }] },
    },
  });
}

async function people() {
  const mk = (email: string, role: 'STUDENT' | 'TEACHER' | 'ADMIN' = 'STUDENT') =>
    db.user.create({ data: { email, name: email.split('@')[0], passwordHash: 'x', role } });
  const teacher = await mk('t1@x.test', 'TEACHER');
  const otherTeacher = await mk('t2@x.test', 'TEACHER');
  const admin = await mk('admin@x.test', 'ADMIN');
  const room = await db.classroom.create({ data: { name: 'A', joinCode: 'AAAA2222', teachers: { create: { userId: teacher.id } } } });
  await db.classroom.create({ data: { name: 'B', joinCode: 'BBBB3333', teachers: { create: { userId: otherTeacher.id } } } });
  const s1 = await mk('s1@x.test');
  const s2 = await mk('s2@x.test');
  await db.classMembership.create({ data: { classroomId: room.id, userId: s1.id } });
  return { teacher, otherTeacher, admin, s1, s2 };
}

describe('comparing two submissions (PostgreSQL)', () => {
  beforeEach(async () => {
    await resetDatabase();
  });

  it('scopes both ids like the submission page; 404 for an id the viewer may not see, whichever side', async () => {
    const { teacher, otherTeacher, admin, s1, s2 } = await people();
    const before = await graded(s1.id, 'cache-order', report([step(1, 'FROM layerlab/node:18', true, 0), step(2, 'COPY . .', false, 50), step(3, 'RUN npm ci', false, 900)], false));
    const after = await graded(
      s1.id,
      'cache-order',
      report([step(1, 'FROM layerlab/node:18', true, 0), step(2, 'COPY package.json .', false, 1), step(3, 'RUN npm ci', true, 900), step(4, 'COPY . .', false, 50)], true),
    );
    const others = await graded(s2.id, 'cache-order', null);
    const as = (u: { id: string; role: 'STUDENT' | 'TEACHER' | 'ADMIN' }) => ({ id: u.id, role: u.role });

    const own = await loadComparison(before.id, after.id, as(s1));
    expect(own.kind).toBe('ok');
    if (own.kind !== 'ok') return;
    expect(own.comparison.checks[0]).toMatchObject({ id: 'order', mark: 'changed', pointsDelta: 60 });
    expect(own.comparison.builds[0].steps.map((s) => [s.instruction, s.mark, s.cache])).toEqual([
      ['FROM layerlab/node:18', 'same', null],
      // A moved line is removed where it was and added where it went (the diff keeps the longest common run).
      ['COPY . .', 'removed', null],
      ['COPY package.json .', 'added', null],
      ['RUN npm ci', 'changed', 'now cached'],
      ['COPY . .', 'added', null],
    ]);
    expect((await loadComparison(before.id, after.id, as(teacher))).kind).toBe('ok');
    expect((await loadComparison(before.id, after.id, as(admin))).kind).toBe('ok');
    expect((await loadComparison(before.id, after.id, as(otherTeacher))).kind).toBe('not-found');
    expect((await loadComparison(before.id, after.id, as(s2))).kind).toBe('not-found');
    // One of the two someone else's: not found, whether it is A or B, and for an id that does not exist.
    expect((await loadComparison(before.id, others.id, as(s1))).kind).toBe('not-found');
    expect((await loadComparison(others.id, after.id, as(s1))).kind).toBe('not-found');
    expect((await loadComparison(before.id, 'no-such-id', as(s1))).kind).toBe('not-found');
    // The teacher sees s1's two, not s2's (no class): the pair with s2's is not found for them either.
    expect((await loadComparison(before.id, others.id, as(teacher))).kind).toBe('not-found');
    // An admin sees every submission: two people's submissions of one lab compare.
    expect((await loadComparison(before.id, others.id, as(admin))).kind).toBe('ok');
  });

  it('refuses two labs; a submission without a report compares from its rows; candidates are the same person and lab', async () => {
    const { s1, s2, teacher, otherTeacher } = await people();
    const a = await graded(s1.id, 'cache-order', report([step(1, 'FROM layerlab/node:18', false, 0)], true));
    const b = await graded(s1.id, 'cache-order', null);
    const otherLab = await graded(s1.id, 'no-secret', null);
    await graded(s2.id, 'cache-order', null);

    const two = await loadComparison(a.id, otherLab.id, { id: s1.id, role: 'STUDENT' });
    expect(two.kind).toBe('different-labs');

    const rows = await loadComparison(a.id, b.id, { id: s1.id, role: 'STUDENT' });
    if (rows.kind !== 'ok') throw new Error(`expected ok, got ${rows.kind}`);
    expect(rows.comparison.checks[0]).toMatchObject({ mark: 'changed', pointsDelta: -60 });
    expect(rows.comparison.builds[0].steps[0]).toMatchObject({ mark: 'changed', cache: 'now cached' });

    const mine = await comparisonCandidates(a, { id: s1.id, role: 'STUDENT' });
    expect(mine.map((c) => c.id)).toEqual([b.id]);
    expect((await comparisonCandidates(a, { id: teacher.id, role: 'TEACHER' })).map((c) => c.id)).toEqual([b.id]);
    expect(await comparisonCandidates(a, { id: otherTeacher.id, role: 'TEACHER' })).toEqual([]);
  });
});
