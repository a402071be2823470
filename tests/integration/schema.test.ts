import { describe, expect, it, beforeEach } from 'vitest';
import { db, resetDatabase } from '../helpers/db';

// The migrations are hand-written SQL; this proves they match prisma/schema.prisma by
// exercising every model and relation through the generated client.
describe('migrations agree with the Prisma schema', () => {
  beforeEach(resetDatabase);

  it('round-trips every model and relation', async () => {
    const teacher = await db.user.create({
      data: { email: 't@x.test', name: 'T', passwordHash: 'h', role: 'TEACHER' },
    });
    const room = await db.classroom.create({
      data: { name: 'A', joinCode: 'ABCD2345', timeZone: 'Asia/Seoul', teachers: { create: { userId: teacher.id } } },
    });
    const student = await db.user.create({
      data: { email: 's@x.test', name: 'S', passwordHash: 'h', memberships: { create: { classroomId: room.id } } },
    });
    const assignment = await db.assignment.create({
      data: { classroomId: room.id, labId: 'cache-order', dueAt: new Date(0), latePolicy: 'REFUSE_LATE', createdById: teacher.id },
    });
    expect((await db.assignment.findUniqueOrThrow({ where: { id: assignment.id }, include: { classroom: true, createdBy: true } })).createdBy?.email).toBe('t@x.test');
    await expect(db.assignment.create({ data: { classroomId: room.id, labId: 'cache-order' } })).rejects.toThrow();
    await expect(db.classroom.create({ data: { name: 'B', joinCode: 'ABCD2345' } })).rejects.toThrow();
    await db.passwordResetToken.create({ data: { userId: student.id, tokenHash: 'th', expiresAt: new Date(1) } });
    await db.signInAttempt.create({ data: { email: 's@x.test', clientAddress: '127.0.0.1', ok: false } });
    await db.siteSetting.create({ data: { key: 'signUpEnabled', value: false } });
    expect((await db.siteSetting.findUniqueOrThrow({ where: { key: 'signUpEnabled' } })).value).toBe(false);
    await db.user.update({ where: { id: student.id }, data: { sessionVersion: { increment: 1 }, disabledAt: new Date(2), passwordChangedAt: new Date(3) } });
    const root = await db.category.create({ data: { path: 'docker', slug: 'docker', name: 'Docker' } });
    const child = await db.category.create({
      data: { path: 'docker/ch3', slug: 'ch3', name: 'Ch 3', parentId: root.id, position: 1 },
    });
    const lesson = await db.lesson.create({
      data: {
        slug: 'l', title: 'L', categoryId: child.id, authorNick: 'a', authoredOn: '2025-08-27',
        body: '# hi', contentHash: 'x',
        revisions: { create: { revision: 1, source: 's', contentHash: 'x' } },
      },
    });
    const sub = await db.submission.create({
      data: {
        userId: student.id, labId: 'cache-order', files: { Dockerfile: 'FROM x' },
        checks: { create: { position: 0, checkId: 'c', title: 'C', passed: true, points: 1, maxPoints: 1, feedback: '' } },
        builds: { create: { position: 0, name: 'initial', ok: true, durationMs: 5, steps: { create: { n: 1, instruction: 'FROM x', cached: false } } } },
      },
    });
    const loaded = await db.submission.findUniqueOrThrow({
      where: { id: sub.id },
      include: { checks: true, builds: { include: { steps: true } }, user: { include: { memberships: { include: { classroom: { include: { teachers: { include: { user: true } } } } } } } } },
    });
    expect(loaded.status).toBe('QUEUED');
    expect(loaded.files).toEqual({ Dockerfile: 'FROM x' });
    expect(loaded.builds[0].steps[0].instruction).toBe('FROM x');
    expect(loaded.user.memberships[0].classroom.teachers[0].user.email).toBe('t@x.test');
    expect([loaded.kind, loaded.regradeOfId, loaded.labVersion]).toEqual(['ATTEMPT', null, null]);
    const regrade = await db.submission.create({
      data: { userId: student.id, labId: 'cache-order', files: {}, kind: 'REGRADE', regradeOfId: sub.id, labVersion: 'v2' },
    });
    expect((await db.submission.findUniqueOrThrow({ where: { id: sub.id }, include: { regrades: true } })).regrades.map((r) => r.id)).toEqual([regrade.id]);
    const tree = await db.category.findUniqueOrThrow({ where: { path: 'docker' }, include: { children: { include: { lessons: { include: { revisions: true } } } } } });
    expect(tree.children[0].lessons[0].revisions[0].revision).toBe(1);
    expect(lesson.updatedAt).toBeInstanceOf(Date);
    // Admin studio: soft delete, and the author and note of a revision (SET NULL when the user goes).
    const admin = await db.user.create({ data: { email: 'a@x.test', name: 'A', passwordHash: 'h', role: 'ADMIN' } });
    await db.lesson.update({ where: { id: lesson.id }, data: { deletedAt: new Date(0) } });
    await db.lessonRevision.create({ data: { lessonId: lesson.id, revision: 2, source: 's2', contentHash: 'y', authorId: admin.id, note: 'restored revision 1' } });
    const r2 = await db.lessonRevision.findFirstOrThrow({ where: { lessonId: lesson.id, revision: 2 }, include: { author: true, lesson: true } });
    expect([r2.author?.email, r2.note, r2.lesson.deletedAt?.getTime()]).toEqual(['a@x.test', 'restored revision 1', 0]);
    await db.user.delete({ where: { id: admin.id } });
    expect((await db.lessonRevision.findUniqueOrThrow({ where: { id: r2.id } })).authorId).toBeNull();
    await expect(
      db.user.create({ data: { email: 's@x.test', name: 'dup', passwordHash: 'h' } }),
    ).rejects.toThrow();
  });
});
