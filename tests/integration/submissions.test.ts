// The submission use cases against the real (test) database and queue: validation, the pending
// limit, viewer scoping (a student sees only their own; a teacher only their classrooms') and the
// teacher's progress table (FAILED submissions are not attempts).
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { db, resetDatabase } from '../helpers/db';
import { getBoss, stopBoss, GRADE_QUEUE, type GradeJob } from '../../lib/queue';
import { createSubmission, MAX_PENDING_PER_USER } from '../../lib/submissions/create';
import { SubmissionValidationError, TooManyPendingError, UnknownLabError } from '../../lib/submissions/errors';
import { getSubmissionForViewer } from '../../lib/submissions/get';
import { listMySubmissions } from '../../lib/submissions/list-mine';
import { getProgressTable } from '../../lib/submissions/progress-table';

const DOCKERFILE = 'FROM layerlab/node:18\nWORKDIR /app\nCOPY . .\n';

async function people() {
  const mk = (email: string, role: 'STUDENT' | 'TEACHER' | 'ADMIN' = 'STUDENT') =>
    db.user.create({ data: { email, name: email.split('@')[0], passwordHash: 'x', role } });
  const teacher = await mk('t1@x.test', 'TEACHER');
  const otherTeacher = await mk('t2@x.test', 'TEACHER');
  const admin = await mk('admin@x.test', 'ADMIN');
  const room = await db.classroom.create({ data: { name: 'A', joinCode: 'AAAA2222', teachers: { create: { userId: teacher.id } } } });
  await db.classroom.create({ data: { name: 'B', joinCode: 'BBBB3333', teachers: { create: { userId: otherTeacher.id } } } });
  const s1 = await db.user.update({ where: { id: (await mk('s1@x.test')).id }, data: { memberships: { create: { classroomId: room.id } } } });
  const s2 = await db.user.update({ where: { id: (await mk('s2@x.test')).id }, data: { memberships: { create: { classroomId: room.id } } } });
  const loner = await mk('s3@x.test');
  return { teacher, otherTeacher, admin, s1, s2, loner };
}

/** Take our jobs off the queue so later test files (the worker's) start from an empty queue. */
async function drainQueue(): Promise<string[]> {
  const boss = await getBoss('sender');
  const ids: string[] = [];
  for (;;) {
    const jobs = await boss.fetch<GradeJob>(GRADE_QUEUE, { batchSize: 50 });
    if (jobs.length === 0) break;
    ids.push(...jobs.map((j) => j.data.submissionId));
    await boss.complete(GRADE_QUEUE, jobs.map((j) => j.id));
  }
  return ids;
}

describe('submissions (use cases against PostgreSQL)', () => {
  beforeEach(async () => {
    await resetDatabase();
    await drainQueue();
  });
  afterAll(async () => {
    await drainQueue();
    await stopBoss();
  });

  it('creates a QUEUED submission and enqueues one grading job for it', async () => {
    const { s1 } = await people();
    const { id } = await createSubmission({ userId: s1.id, labId: 'cache-order', files: { Dockerfile: DOCKERFILE } });
    const row = await db.submission.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ userId: s1.id, labId: 'cache-order', status: 'QUEUED', files: { Dockerfile: DOCKERFILE } });
    expect(row.jobId).toBeTruthy();
    expect(await drainQueue()).toEqual([id]);
  });

  it('refuses unknown labs, files outside the lab’s submit list and oversize files, storing nothing', async () => {
    const { s1 } = await people();
    await expect(createSubmission({ userId: s1.id, labId: 'no-such-lab', files: { Dockerfile: DOCKERFILE } })).rejects.toBeInstanceOf(UnknownLabError);
    await expect(createSubmission({ userId: s1.id, labId: '../labs', files: { Dockerfile: DOCKERFILE } })).rejects.toBeInstanceOf(UnknownLabError);
    const wrong = await createSubmission({ userId: s1.id, labId: 'cache-order', files: { Dockerfile: DOCKERFILE, 'src/app.js': 'x' } }).catch((e) => e);
    expect(wrong).toBeInstanceOf(SubmissionValidationError);
    expect(Object.keys((wrong as SubmissionValidationError).fieldErrors)).toContain('files.src/app.js');
    // Names are exact: a folder part equal to a submitted file name is refused, naming both (issue 7).
    const nested = await createSubmission({ userId: s1.id, labId: 'cache-order', files: { 'Dockerfile/x': DOCKERFILE } }).catch((e) => e);
    expect((nested as SubmissionValidationError).fieldErrors['files.Dockerfile/x']?.[0]).toBe('"Dockerfile/x" puts a file inside "Dockerfile", but "Dockerfile" is a file in this lab, not a folder: submit exactly Dockerfile.');
    const big = await createSubmission({ userId: s1.id, labId: 'cache-order', files: { Dockerfile: 'x'.repeat(65 * 1024) } }).catch((e) => e);
    expect((big as SubmissionValidationError).fieldErrors['files.Dockerfile']?.[0]).toMatch(/limit is 64 KB/);
    expect(await db.submission.count()).toBe(0);
    expect(await drainQueue()).toEqual([]);
  });

  it(`limits a user to ${MAX_PENDING_PER_USER} submissions waiting at once`, async () => {
    const { s1, s2 } = await people();
    // One grade in flight per lab (rate-limit.test.ts), so the pending cap spans several labs.
    const labs = ['cache-order', 'combine-run', 'dockerignore', 'layer-history', 'multi-stage', 'no-secret'];
    for (let i = 0; i < MAX_PENDING_PER_USER; i++) {
      await createSubmission({ userId: s1.id, labId: labs[i], files: { Dockerfile: DOCKERFILE + `# ${i}\n` } });
    }
    await expect(createSubmission({ userId: s1.id, labId: labs[MAX_PENDING_PER_USER], files: { Dockerfile: DOCKERFILE } })).rejects.toBeInstanceOf(TooManyPendingError);
    // Another user is not affected, and a finished submission frees a slot.
    await createSubmission({ userId: s2.id, labId: 'cache-order', files: { Dockerfile: DOCKERFILE } });
    const first = await db.submission.findFirstOrThrow({ where: { userId: s1.id, labId: 'cache-order' } });
    await db.submission.update({ where: { id: first.id }, data: { status: 'GRADED', score: 1, maxScore: 10 } });
    await createSubmission({ userId: s1.id, labId: 'cache-order', files: { Dockerfile: DOCKERFILE } });
  });

  it('scopes who may view a submission: owner, their classroom’s teacher, admins; nobody else', async () => {
    const { teacher, otherTeacher, admin, s1, s2, loner } = await people();
    const { id } = await createSubmission({ userId: s1.id, labId: 'cache-order', files: { Dockerfile: DOCKERFILE } });
    const sees = async (u: { id: string; role: 'STUDENT' | 'TEACHER' | 'ADMIN' }) => (await getSubmissionForViewer(id, u))?.id ?? null;
    expect(await sees(s1)).toBe(id);
    expect(await sees(teacher)).toBe(id);
    expect(await sees(admin)).toBe(id);
    expect(await sees(s2)).toBeNull();
    expect(await sees(loner)).toBeNull();
    expect(await sees(otherTeacher)).toBeNull();
    expect(await getSubmissionForViewer('does-not-exist', admin)).toBeNull();
    // A teacher's own submission is theirs to see; a student cannot see it.
    const own = await createSubmission({ userId: teacher.id, labId: 'cache-order', files: { Dockerfile: DOCKERFILE } });
    expect((await getSubmissionForViewer(own.id, teacher))?.id).toBe(own.id);
    expect(await getSubmissionForViewer(own.id, s1)).toBeNull();
    // A role change takes effect: the same user as STUDENT no longer sees the class's work.
    expect(await getSubmissionForViewer(id, { id: teacher.id, role: 'STUDENT' })).toBeNull();

    expect((await listMySubmissions(s1.id)).map((r) => r.id)).toEqual([id]);
    expect(await listMySubmissions(s2.id)).toEqual([]);
  });

  it('builds the teacher’s progress table: their students only, best GRADED score, FAILED not counted', async () => {
    const { teacher, otherTeacher, admin, s1, s2, loner } = await people();
    const mk = (userId: string, status: 'GRADED' | 'FAILED' | 'QUEUED', score: number | null, minute: number) =>
      db.submission.create({
        data: { userId, labId: 'cache-order', files: {}, status, score, maxScore: score == null ? null : 100, createdAt: new Date(Date.UTC(2025, 0, 1, 0, minute)) },
      });
    const low = await mk(s1.id, 'GRADED', 40, 1);
    const best = await mk(s1.id, 'GRADED', 90, 2);
    await mk(s1.id, 'FAILED', null, 3);
    const latest = await mk(s1.id, 'QUEUED', null, 4);
    await mk(loner.id, 'GRADED', 100, 1);

    const table = await getProgressTable(teacher);
    expect(table.labs.map((l) => l.id)).toContain('cache-order');
    expect(table.classrooms.map((c) => c.name)).toEqual(['A']);
    const [room] = table.classrooms;
    expect(room.students.map((s) => s.email)).toEqual(['s1@x.test', 's2@x.test']);
    const cell = room.students[0].cells['cache-order'];
    expect(cell).toMatchObject({ best: 90, maxScore: 100, attempts: 2, bestId: best.id, latestId: latest.id, latestStatus: 'QUEUED', total: 4 });
    expect(cell.bestId).not.toBe(low.id);
    expect(room.students[1].cells['cache-order']).toMatchObject({ total: 0, attempts: 0, best: null, linkId: null });
    expect(s2.id).toBe(room.students[1].id);

    expect((await getProgressTable(otherTeacher)).classrooms.flatMap((c) => c.students)).toEqual([]);
    expect((await getProgressTable(admin)).classrooms.map((c) => c.name)).toEqual(['A', 'B']);
    expect((await getProgressTable(s1)).classrooms).toEqual([]);
  });
});
