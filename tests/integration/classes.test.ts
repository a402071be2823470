// Classes, joining and assignments against the real (test) database: teacher scoping, join codes
// (rotation, archived classes, the wrong-code throttle), the sign-up gates (site setting, class
// switch, password policy), co-teachers, and the late/refuse rule in createSubmission.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { db, resetDatabase } from '../helpers/db';
import { getBoss, stopBoss, GRADE_QUEUE } from '../../lib/queue';
import { createAssignment, deleteAssignment, updateAssignment } from '../../lib/classes/assignments';
import { createClass, getManagedClass, listManagedClasses, rotateJoinCode, updateClass } from '../../lib/classes/classes';
import { ClassError } from '../../lib/classes/errors';
import { joinWithCode, signUpWithCode } from '../../lib/classes/join';
import { JoinThrottle } from '../../lib/classes/join-throttle';
import { addCoTeacher, removeCoTeacher, removeStudent } from '../../lib/classes/people';
import { canManageClass } from '../../lib/classes/teaching';
import { myAssignments } from '../../lib/classes/student-home';
import { instantToWallClock } from '../../lib/classes/time-zone';
import { setSiteSetting } from '../../lib/settings/site-settings';
import { createSubmission } from '../../lib/submissions/create';
import { SubmissionWindowError } from '../../lib/submissions/errors';
import { lateSubmissionIds } from '../../lib/submissions/late-marks';

const mk = (email: string, role: 'STUDENT' | 'TEACHER' | 'ADMIN' = 'STUDENT') =>
  db.user.create({ data: { email, name: email.split('@')[0], passwordHash: 'x', role }, select: { id: true, role: true, email: true } });

/** What a lib/classes call threw, as status and message (or 'ok'). */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof ClassError) return `${err.status} ${err.message}`;
    throw err;
  }
}

async function drainQueue() {
  const boss = await getBoss('sender');
  for (;;) {
    const jobs = await boss.fetch(GRADE_QUEUE, { batchSize: 50 });
    if (jobs.length === 0) break;
    await boss.complete(GRADE_QUEUE, jobs.map((j) => j.id));
  }
}

const ctx = () => ({ address: '203.0.113.7', throttle: new JoinThrottle(3, 60_000) });
const wall = (d: Date, tz = 'Asia/Seoul') => instantToWallClock(d, tz);
const DAY = 24 * 3600_000;

describe('classes (use cases against PostgreSQL)', () => {
  beforeEach(async () => {
    await resetDatabase();
    await drainQueue();
  });
  afterAll(async () => {
    await drainQueue();
    await stopBoss();
  });

  it('scopes classes to their teachers: another teacher sees and changes nothing; an admin sees all', async () => {
    const t1 = await mk('t1@x.test', 'TEACHER');
    const t2 = await mk('t2@x.test', 'TEACHER');
    const admin = await mk('a@x.test', 'ADMIN');
    const student = await mk('s@x.test');
    const mine = await createClass(t1, { name: 'Mine', timeZone: 'Asia/Seoul' });
    await createClass(t2, { name: 'Theirs', timeZone: 'UTC' });
    expect((await listManagedClasses(t1)).active.map((c) => c.name)).toEqual(['Mine']);
    expect((await listManagedClasses(admin)).active.map((c) => c.name)).toEqual(['Mine', 'Theirs']);
    expect((await listManagedClasses(student)).active).toEqual([]);
    expect(await getManagedClass(t2, mine.id)).toBeNull();
    expect(await canManageClass(t2, mine.id)).toBe(false);
    expect(await outcome(rotateJoinCode(t2, mine.id))).toMatch(/^404 /);
    expect(await outcome(updateClass(t2, mine.id, { signUpOpen: false }))).toMatch(/^404 /);
    expect(await outcome(createAssignment(t2, mine.id, { labId: 'cache-order', opensAt: null, dueAt: null, latePolicy: 'ACCEPT_LATE' }))).toMatch(/^404 /);
    expect(await outcome(addCoTeacher(t2, mine.id, 't2@x.test'))).toMatch(/^404 /);
    expect(await outcome(createClass(student, { name: 'S', timeZone: 'UTC' }))).toMatch(/^403 /);
    expect(await getManagedClass(admin, mine.id)).toMatchObject({ name: 'Mine', timeZone: 'Asia/Seoul' });
  });

  it('joins with a code (typed loosely), several classes per student; rotation retires the old code', async () => {
    const t = await mk('t@x.test', 'TEACHER');
    const s = await mk('s@x.test');
    const a = await createClass(t, { name: 'A', timeZone: 'UTC' });
    const b = await createClass(t, { name: 'B', timeZone: 'UTC' });
    const typed = ` ${a.joinCode.slice(0, 4).toLowerCase()}-${a.joinCode.slice(4)} `;
    expect(await joinWithCode(s, typed, ctx())).toMatchObject({ classroomId: a.id, alreadyMember: false });
    expect(await joinWithCode(s, a.joinCode, ctx())).toMatchObject({ alreadyMember: true });
    await joinWithCode(s, b.joinCode, ctx());
    expect(await db.classMembership.count({ where: { userId: s.id } })).toBe(2);

    const fresh = await rotateJoinCode(t, a.id);
    expect(fresh).not.toBe(a.joinCode);
    const other = await mk('s2@x.test');
    expect(await outcome(joinWithCode(other, a.joinCode, ctx()))).toBe(`404 No class has the join code "${a.joinCode}". Check the code with your teacher.`);
    expect(await joinWithCode(other, fresh, ctx())).toMatchObject({ classroomId: a.id });
    // Teachers are not students of a class.
    expect(await outcome(joinWithCode(t, fresh, ctx()))).toMatch(/^403 Only student accounts/);
  });

  it('refuses archived classes and throttles wrong codes per address', async () => {
    const t = await mk('t@x.test', 'TEACHER');
    const s = await mk('s@x.test');
    const a = await createClass(t, { name: 'Old', timeZone: 'UTC' });
    await updateClass(t, a.id, { archived: true });
    expect(await outcome(joinWithCode(s, a.joinCode, ctx()))).toBe('409 The class "Old" is archived and cannot be joined.');
    // Archived classes are read-only until unarchived, and listed apart.
    expect(await outcome(rotateJoinCode(t, a.id))).toMatch(/^409 .*archived/);
    expect((await listManagedClasses(t)).archived.map((c) => c.name)).toEqual(['Old']);
    await updateClass(t, a.id, { archived: false });
    expect(await outcome(joinWithCode(s, a.joinCode, ctx()))).toBe('ok');

    const c = ctx(); // 3 wrong codes per minute for this test
    for (let i = 0; i < 3; i++) expect(await outcome(joinWithCode(s, 'WRONG222', c))).toMatch(/^404 /);
    expect(await outcome(joinWithCode(s, a.joinCode, c))).toMatch(/^429 Too many wrong join codes/);
    // Another address is not affected.
    expect(await outcome(joinWithCode(s, a.joinCode, { ...c, address: '198.51.100.1' }))).toBe('ok');
  });

  it('sign-up needs the site setting and the class switch on, a good password and a new e-mail', async () => {
    const t = await mk('t@x.test', 'TEACHER');
    const a = await createClass(t, { name: '도커 반', timeZone: 'Asia/Seoul' });
    const person = { code: a.joinCode, name: '김민지', email: 'minji@x.test', password: 'layers-and-caches' };

    await setSiteSetting('signUpEnabled', false);
    expect(await outcome(signUpWithCode(person, ctx()))).toMatch(/^403 Sign-up is turned off on this site/);
    await setSiteSetting('signUpEnabled', true);
    await updateClass(t, a.id, { signUpOpen: false });
    expect(await outcome(signUpWithCode(person, ctx()))).toBe('403 Sign-up is closed for "도커 반"; ask your teacher to open it or to create your account.');
    await updateClass(t, a.id, { signUpOpen: true });
    expect(await outcome(signUpWithCode({ ...person, password: 'password123' }, ctx()))).toMatch(/^400 password: .*common passwords/);
    expect(await outcome(signUpWithCode({ ...person, code: 'NOPE2345' }, ctx()))).toMatch(/^404 /);
    expect(await db.user.count({ where: { email: person.email } })).toBe(0);

    expect(await signUpWithCode(person, ctx())).toMatchObject({ className: '도커 반', classroomId: a.id });
    const user = await db.user.findUniqueOrThrow({ where: { email: person.email }, include: { memberships: true } });
    expect(user).toMatchObject({ name: '김민지', role: 'STUDENT' });
    expect(user.passwordHash).not.toContain(person.password);
    expect(user.memberships.map((m) => m.classroomId)).toEqual([a.id]);
    expect(await outcome(signUpWithCode(person, ctx()))).toMatch(/^409 An account with the e-mail minji@x.test exists/);
  });

  it('co-teachers: add a TEACHER by e-mail, never remove the last teacher; remove a student', async () => {
    const t1 = await mk('t1@x.test', 'TEACHER');
    const t2 = await mk('t2@x.test', 'TEACHER');
    const s = await mk('s@x.test');
    const a = await createClass(t1, { name: 'A', timeZone: 'UTC' });
    expect(await outcome(addCoTeacher(t1, a.id, 's@x.test'))).toMatch(/^400 s@x.test is not a teacher account/);
    expect(await outcome(addCoTeacher(t1, a.id, 'nobody@x.test'))).toMatch(/^404 /);
    await addCoTeacher(t1, a.id, 't2@x.test');
    expect(await canManageClass(t2, a.id)).toBe(true);
    await removeCoTeacher(t2, a.id, t1.id);
    expect(await canManageClass(t1, a.id)).toBe(false);
    expect(await outcome(removeCoTeacher(t2, a.id, t2.id))).toBe('409 A class keeps at least one teacher; add another teacher first.');

    await joinWithCode(s, a.joinCode, ctx());
    await removeStudent(t2, a.id, s.id);
    expect(await db.classMembership.count({ where: { classroomId: a.id } })).toBe(0);
    expect(await outcome(removeStudent(t2, a.id, s.id))).toMatch(/^404 /);
  });

  it('assignments: dates entered in the class zone are stored as UTC; bad dates and labs are 400s; edit and delete', async () => {
    const t = await mk('t@x.test', 'TEACHER');
    const a = await createClass(t, { name: 'A', timeZone: 'Asia/Seoul' });
    const { id } = await createAssignment(t, a.id, { labId: 'cache-order', opensAt: '2026-11-30T09:00', dueAt: '2026-12-01T23:59', latePolicy: 'REFUSE_LATE' });
    expect(await db.assignment.findUniqueOrThrow({ where: { id } })).toMatchObject({
      opensAt: new Date('2026-11-30T00:00:00Z'),
      dueAt: new Date('2026-12-01T14:59:00Z'),
      latePolicy: 'REFUSE_LATE',
    });
    expect(await outcome(createAssignment(t, a.id, { labId: 'cache-order', opensAt: null, dueAt: null, latePolicy: 'ACCEPT_LATE' }))).toMatch(/^409 .*already assigned/);
    expect(await outcome(createAssignment(t, a.id, { labId: 'no-such-lab', opensAt: null, dueAt: null, latePolicy: 'ACCEPT_LATE' }))).toBe('400 labId: there is no lab "no-such-lab".');
    expect(await outcome(createAssignment(t, a.id, { labId: 'combine-run', opensAt: null, dueAt: '2026-02-30T10:00', latePolicy: 'ACCEPT_LATE' }))).toMatch(/^400 dueAt: .*does not exist in Asia\/Seoul/);
    expect(await outcome(createAssignment(t, a.id, { labId: 'combine-run', opensAt: '2026-12-02T00:00', dueAt: '2026-12-01T00:00', latePolicy: 'ACCEPT_LATE' }))).toMatch(/^400 dueAt: the due date must come after/);
    await updateAssignment(t, a.id, id, { opensAt: null, dueAt: '2026-12-08T23:59', latePolicy: 'ACCEPT_LATE' });
    expect(await db.assignment.findUniqueOrThrow({ where: { id } })).toMatchObject({ opensAt: null, dueAt: new Date('2026-12-08T14:59:00Z'), latePolicy: 'ACCEPT_LATE' });
    await deleteAssignment(t, a.id, id);
    expect(await db.assignment.count()).toBe(0);
  });

  it('createSubmission refuses before the open date and after a refusing due date (409 with the date), accepts late and marks it', async () => {
    const t = await mk('t@x.test', 'TEACHER');
    const s = await mk('s@x.test');
    const other = await mk('free@x.test');
    const a = await createClass(t, { name: 'A', timeZone: 'Asia/Seoul' });
    await joinWithCode(s, a.joinCode, ctx());
    const now = Date.now();
    const files = { Dockerfile: 'FROM layerlab/node:18\n' };

    const notYet = await createAssignment(t, a.id, { labId: 'cache-order', opensAt: wall(new Date(now + 2 * DAY)), dueAt: null, latePolicy: 'ACCEPT_LATE' });
    const early = await createSubmission({ userId: s.id, labId: 'cache-order', files }).catch((e) => e);
    expect(early).toBeInstanceOf(SubmissionWindowError);
    expect((early as Error).message).toMatch(/^This lab is not open yet: it opens \d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Seoul\)\.$/);
    // A student of no class assigning it practises freely.
    await createSubmission({ userId: other.id, labId: 'cache-order', files });
    await deleteAssignment(t, a.id, notYet.id);

    const due = new Date(now - DAY);
    await createAssignment(t, a.id, { labId: 'cache-order', opensAt: null, dueAt: wall(due), latePolicy: 'REFUSE_LATE' });
    const refused = await createSubmission({ userId: s.id, labId: 'cache-order', files }).catch((e) => e);
    expect(refused).toBeInstanceOf(SubmissionWindowError);
    expect((refused as Error).message).toBe(`The due date of this lab was ${wall(due).replace('T', ' ')} (Asia/Seoul); late submissions are not accepted.`);
    expect(await db.submission.count({ where: { userId: s.id } })).toBe(0);

    await createAssignment(t, a.id, { labId: 'combine-run', opensAt: null, dueAt: wall(due), latePolicy: 'ACCEPT_LATE' });
    const late = await createSubmission({ userId: s.id, labId: 'combine-run', files });
    const rows = await db.submission.findMany({ where: { userId: s.id }, select: { id: true } });
    expect([...(await lateSubmissionIds(s.id, rows))]).toEqual([late.id]);
    // Another student's ids are not looked at; a regrade is as late as the attempt it re-runs.
    expect((await lateSubmissionIds(other.id, rows)).size).toBe(0);
    const beforeDue = await db.submission.create({ data: { userId: s.id, labId: 'combine-run', files, status: 'GRADED', score: 5, maxScore: 10, createdAt: new Date(now - 2 * DAY) } });
    const regrade = await db.submission.create({ data: { userId: s.id, labId: 'combine-run', files, kind: 'REGRADE', regradeOfId: beforeDue.id, status: 'QUEUED' } });
    const lateRegrade = await db.submission.create({ data: { userId: s.id, labId: 'combine-run', files, kind: 'REGRADE', regradeOfId: late.id, status: 'QUEUED' } });
    expect([...(await lateSubmissionIds(s.id, [beforeDue, regrade, lateRegrade]))]).toEqual([lateRegrade.id]);

    // A second class with a later due date for the same lab: the most lenient wins.
    const b = await createClass(t, { name: 'B', timeZone: 'UTC' });
    await joinWithCode(s, b.joinCode, ctx());
    await createAssignment(t, b.id, { labId: 'cache-order', opensAt: null, dueAt: wall(new Date(now + DAY), 'UTC'), latePolicy: 'REFUSE_LATE' });
    const onTime = await createSubmission({ userId: s.id, labId: 'cache-order', files });
    expect((await lateSubmissionIds(s.id, [onTime])).size).toBe(0);

    // The student's home lists both classes' assignments with statuses and dates in each zone.
    const home = await myAssignments(s.id);
    expect(home.assignments.map((x) => [x.className, x.labId, x.status.kind, x.dueAtText])).toEqual([
      ['A', 'cache-order', 'closed', `${wall(due).replace('T', ' ')} (Asia/Seoul)`],
      ['A', 'combine-run', 'in-progress', `${wall(due).replace('T', ' ')} (Asia/Seoul)`],
      ['B', 'cache-order', 'not-started', `${wall(new Date(now + DAY), 'UTC').replace('T', ' ')} (UTC)`],
    ]);
    expect(home.assignments[1].status.label).toBe('best 5 of 10');
    // Archived classes drop out of the home page and of the rule.
    await updateClass(t, b.id, { archived: true });
    expect((await myAssignments(s.id)).classes.map((c) => c.name)).toEqual(['A']);
  });
});
