// The gradebook, lab report, student timeline and regrades against the real (test) database and
// queue: scoping (only teachers of the class and admins), the newest finished grade of each attempt,
// regrades as new rows that keep the history, at a lower queue priority, outside the rate limits.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { db, resetDatabase } from '../helpers/db';
import { getBoss, stopBoss, GRADE_QUEUE, GRADE_PRIORITY, type GradeJob } from '../../lib/queue';
import { loadClassGradebook, loadLabReport, loadStudentTimeline } from '../../lib/gradebook/load';
import { labVersion } from '../../lib/labs/version';
import { createSubmission } from '../../lib/submissions/create';
import { regradeLab, regradeLinks, regradeSubmission, RegradeNotFoundError, RegradeRefusedError } from '../../lib/submissions/regrade';
import { stampLabVersion } from '../../lib/submissions/lab-version';
import { claimSubmission } from '../../grader/worker/persist';
import { checkRateLimit, gradesPerHour } from '../../lib/submissions/rate-limit';

const LAB = 'cache-order';
const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 10, day, hour));

async function drainQueue(): Promise<{ submissionId: string; priority: number }[]> {
  const boss = await getBoss('sender');
  const out: { submissionId: string; priority: number }[] = [];
  for (;;) {
    // One at a time, as the worker fetches (grader/worker/main.ts): the order is the queue's priority order.
    const jobs = await boss.fetch<GradeJob>(GRADE_QUEUE, { batchSize: 1, includeMetadata: true });
    if (jobs.length === 0) break;
    out.push(...jobs.map((j) => ({ submissionId: j.data.submissionId, priority: (j as unknown as { priority: number }).priority })));
    await boss.complete(GRADE_QUEUE, jobs.map((j) => j.id));
  }
  return out;
}

async function world() {
  const mk = (email: string, name: string, role: 'STUDENT' | 'TEACHER' | 'ADMIN' = 'STUDENT') =>
    db.user.create({ data: { email, name, passwordHash: 'x', role } });
  const teacher = await mk('t1@x.test', 'Tae', 'TEACHER');
  const otherTeacher = await mk('t2@x.test', 'Jun', 'TEACHER');
  const admin = await mk('admin@x.test', 'Ada', 'ADMIN');
  const room = await db.classroom.create({ data: { name: '도커 기초', joinCode: 'AAAA2222', timeZone: 'Asia/Seoul', teachers: { create: { userId: teacher.id } } } });
  const other = await db.classroom.create({ data: { name: 'B', joinCode: 'BBBB3333', teachers: { create: { userId: otherTeacher.id } } } });
  const kim = await mk('kim@x.test', '김하늘');
  const ann = await mk('ann@x.test', 'Ann');
  const outsider = await mk('out@x.test', 'Out');
  await db.classMembership.createMany({ data: [{ classroomId: room.id, userId: kim.id }, { classroomId: room.id, userId: ann.id }, { classroomId: other.id, userId: outsider.id }] });
  await db.assignment.create({ data: { classroomId: room.id, labId: LAB, dueAt: at(10) } });
  await db.assignment.create({ data: { classroomId: other.id, labId: LAB } });
  return { teacher, otherTeacher, admin, room, other, kim, ann, outsider };
}

let seq = 0;
async function graded(userId: string, score: number, createdAt: Date, opts: { labVersion?: string | null; checks?: [string, boolean, string][] } = {}) {
  const s = await db.submission.create({
    data: {
      userId, labId: LAB, files: { Dockerfile: `FROM layerlab/node:18\n# ${++seq}\n` }, status: 'GRADED', score, maxScore: 100,
      labVersion: opts.labVersion === undefined ? 'old-version' : opts.labVersion, createdAt, finishedAt: new Date(createdAt.getTime() + 60_000),
    },
  });
  for (const [position, [checkId, passed, feedback]] of (opts.checks ?? []).entries()) {
    await db.checkResult.create({ data: { submissionId: s.id, position, checkId, title: `Check ${checkId}`, passed, points: passed ? 10 : 0, maxPoints: 10, feedback } });
  }
  return s;
}

describe('gradebook and regrades (PostgreSQL)', () => {
  beforeEach(async () => {
    await resetDatabase();
    await drainQueue();
  });
  afterAll(async () => {
    await drainQueue();
    await stopBoss();
  });

  it('the gradebook of a class: best score, attempts, late marks, last activity; only its teachers and admins', async () => {
    const w = await world();
    await graded(w.kim.id, 40, at(5));
    await graded(w.kim.id, 90, at(11)); // after the due date
    await db.submission.create({ data: { userId: w.kim.id, labId: LAB, files: {}, status: 'FAILED', createdAt: at(12) } }); // not an attempt
    await graded(w.outsider.id, 100, at(5)); // another class
    const book = await loadClassGradebook(w.teacher, w.room.id);
    expect(book?.classroom.name).toBe('도커 기초');
    expect(book?.gradebook.assignments.map((a) => [a.labId, a.maxScore])).toEqual([[LAB, 100]]);
    expect(book?.gradebook.rows.map((r) => r.student.name)).toEqual(['Ann', '김하늘']);
    const kim = book!.gradebook.rows[1].cells[LAB];
    expect(kim).toMatchObject({ best: 90, attempts: 2, late: 1, outdated: 2 });
    expect(kim.lastActivity).toEqual(at(12));
    expect(book!.gradebook.rows[0].cells[LAB]).toMatchObject({ best: null, attempts: 0 });

    expect(await loadClassGradebook(w.otherTeacher, w.room.id)).toBeNull();
    expect(await loadClassGradebook(w.kim, w.room.id)).toBeNull();
    expect((await loadClassGradebook(w.admin, w.room.id))?.gradebook.rows).toHaveLength(2);
    expect(await loadClassGradebook(w.teacher, 'no-such-class')).toBeNull();
  });

  it('the lab report: distribution of best scores, pass rates, most failed check with its feedback, median attempts', async () => {
    const w = await world();
    await graded(w.kim.id, 50, at(1), { checks: [['build', true, ''], ['cache', false, 'COPY . . comes before npm install']] });
    await graded(w.kim.id, 100, at(2), { checks: [['build', true, ''], ['cache', true, '']] });
    await graded(w.ann.id, 20, at(1), { checks: [['build', false, 'build failed'], ['cache', false, 'COPY . . comes before npm install']] });
    const r = await loadLabReport(w.teacher, w.room.id, LAB);
    expect(r).not.toBeNull();
    expect(r!.gradedStudents).toBe(2);
    expect(r!.distribution.map((b) => b.count)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(r!.passRates.map((c) => [c.checkId, c.passed, c.total])).toEqual([['build', 2, 3], ['cache', 1, 3]]);
    expect(r!.mostFailed).toMatchObject({ checkId: 'cache', failures: 2, excerpt: 'COPY . . comes before npm install', excerptCount: 2 });
    expect(r!.toFullScore).toEqual({ median: 2, reached: 1, students: 2 });
    expect(await loadLabReport(w.otherTeacher, w.room.id, LAB)).toBeNull();
    expect(await loadLabReport(w.teacher, w.room.id, 'no-secret')).toBeNull(); // not assigned here
  });

  it('a regrade is a new row (files copied) queued at the lower priority; the history stays; the newest grade counts', async () => {
    const w = await world();
    const attempt = await graded(w.kim.id, 40, at(5));
    await expect(regradeSubmission(w.otherTeacher, attempt.id)).rejects.toBeInstanceOf(RegradeNotFoundError);
    await expect(regradeSubmission(w.kim, attempt.id)).rejects.toBeInstanceOf(RegradeNotFoundError);

    const { id } = await regradeSubmission(w.teacher, attempt.id);
    const row = await db.submission.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ kind: 'REGRADE', regradeOfId: attempt.id, userId: w.kim.id, labId: LAB, status: 'QUEUED', files: attempt.files });
    expect(await db.submission.findUniqueOrThrow({ where: { id: attempt.id } })).toMatchObject({ status: 'GRADED', score: 40, kind: 'ATTEMPT' });
    // A second click (or the regrade's own id) while it waits: refused, nothing added.
    await expect(regradeSubmission(w.teacher, attempt.id)).rejects.toBeInstanceOf(RegradeRefusedError);
    await expect(regradeSubmission(w.admin, id)).rejects.toThrow(/already waiting/);
    expect(await db.submission.count({ where: { regradeOfId: attempt.id } })).toBe(1);

    // The student's own new submission is neither rate-limited nor capped by the waiting regrade, and
    // is fetched from the queue before it.
    const mine = await createSubmission({ userId: w.kim.id, labId: LAB, files: { Dockerfile: 'FROM layerlab/node:18\n' } });
    const jobs = await drainQueue();
    expect(jobs).toEqual([
      { submissionId: mine.id, priority: GRADE_PRIORITY.submission },
      { submissionId: id, priority: GRADE_PRIORITY.regrade },
    ]);
    expect(GRADE_PRIORITY.submission).toBeGreaterThan(GRADE_PRIORITY.regrade);

    // The worker grades the regrade against the current lab: it records that version.
    const claim = await claimSubmission(id, { workerId: 'test' });
    expect(claim.kind).toBe('claimed');
    const version = await stampLabVersion((claim as { claim: { submissionId: string; attempt: number; labId: string } }).claim);
    expect(version).toBe(await labVersion(LAB));
    await db.submission.update({ where: { id }, data: { status: 'GRADED', score: 95, maxScore: 100, finishedAt: new Date() } });
    expect((await db.submission.findUniqueOrThrow({ where: { id } })).labVersion).toBe(version);

    const cell = (await loadClassGradebook(w.teacher, w.room.id))!.gradebook.rows.find((r) => r.student.id === w.kim.id)!.cells[LAB];
    expect(cell).toMatchObject({ best: 95, attempts: 1, linkId: id, outdated: 0 }); // the new submission is still QUEUED
    // Up to date now: no regrade offered.
    await expect(regradeSubmission(w.teacher, attempt.id)).rejects.toThrow(/current version/);
    const links = await regradeLinks(w.teacher, { id: attempt.id, kind: 'ATTEMPT', regradeOfId: null, labId: LAB });
    expect(links).toMatchObject({ regradeOf: null, mayRegrade: true, canRegrade: false, currentVersion: version });
    expect(await regradeLinks(w.otherTeacher, { id: attempt.id, kind: 'ATTEMPT', regradeOfId: null, labId: LAB })).toMatchObject({ mayRegrade: false, canRegrade: false });
    expect(links.regrades.map((r) => r.id)).toEqual([id]);
    expect((await regradeLinks(w.teacher, { id, kind: 'REGRADE', regradeOfId: attempt.id, labId: LAB })).regradeOf).toBe(attempt.id);
    await drainQueue();
  });

  it('regrade all of a lab in a class: only outdated graded attempts of that class, once', async () => {
    const w = await world();
    const current = await labVersion(LAB);
    const old1 = await graded(w.kim.id, 40, at(1));
    const old2 = await graded(w.ann.id, 10, at(1), { labVersion: null });
    await graded(w.ann.id, 70, at(2), { labVersion: current });
    await db.submission.create({ data: { userId: w.kim.id, labId: LAB, files: {}, status: 'FAILED', createdAt: at(3) } });
    const outsiders = await graded(w.outsider.id, 10, at(1));

    await expect(regradeLab(w.otherTeacher, w.room.id, LAB)).rejects.toBeInstanceOf(RegradeNotFoundError);
    await expect(regradeLab(w.teacher, w.room.id, 'no-secret')).rejects.toBeInstanceOf(RegradeNotFoundError);
    const first = await regradeLab(w.teacher, w.room.id, LAB);
    expect(first.queued).toHaveLength(2);
    expect(first).toMatchObject({ upToDate: 1, alreadyWaiting: 0 });
    const made = await db.submission.findMany({ where: { kind: 'REGRADE' }, select: { regradeOfId: true } });
    expect(made.map((m) => m.regradeOfId).sort()).toEqual([old1.id, old2.id].sort());
    expect(made.some((m) => m.regradeOfId === outsiders.id)).toBe(false);
    const again = await regradeLab(w.admin, w.room.id, LAB);
    expect(again).toMatchObject({ queued: [], upToDate: 1, alreadyWaiting: 2 });
    expect((await drainQueue()).every((j) => j.priority === GRADE_PRIORITY.regrade)).toBe(true);

    const report = await loadLabReport(w.teacher, w.room.id, LAB);
    expect(report).toMatchObject({ regradesPending: 2, outdated: 0 });
  });

  it('regrades never use up a student\'s hourly grades', async () => {
    const w = await world();
    const attempt = await graded(w.kim.id, 40, new Date());
    for (let i = 0; i < gradesPerHour(); i++) {
      await db.submission.create({ data: { userId: w.kim.id, labId: LAB, files: {}, kind: 'REGRADE', regradeOfId: attempt.id, status: 'GRADED', score: 50, maxScore: 100 } });
    }
    expect(await db.$transaction((tx) => checkRateLimit(tx, w.kim.id, LAB))).toEqual({ ok: true });
    await db.submission.createMany({ data: Array.from({ length: gradesPerHour() }, () => ({ userId: w.kim.id, labId: LAB, files: {}, status: 'GRADED' as const })) });
    expect(await db.$transaction((tx) => checkRateLimit(tx, w.kim.id, LAB))).toMatchObject({ ok: false, reason: 'hourly' });
  });

  it('a student timeline: attempts and regrades of assigned labs, newest first; scoped to the class', async () => {
    const w = await world();
    const a = await graded(w.kim.id, 40, at(5));
    const late = await graded(w.kim.id, 60, at(11));
    const { id: rg } = await regradeSubmission(w.teacher, a.id);
    const t = await loadStudentTimeline(w.teacher, w.room.id, w.kim.id);
    expect(t?.student.name).toBe('김하늘');
    expect(t?.entries.map((e) => [e.id, e.kind, e.late])).toEqual([[rg, 'REGRADE', false], [late.id, 'ATTEMPT', true], [a.id, 'ATTEMPT', false]]);
    expect(await loadStudentTimeline(w.teacher, w.room.id, w.outsider.id)).toBeNull();
    expect(await loadStudentTimeline(w.otherTeacher, w.room.id, w.kim.id)).toBeNull();
    expect(await loadStudentTimeline(w.admin, w.room.id, w.kim.id)).not.toBeNull();
    await drainQueue();
  });
});
