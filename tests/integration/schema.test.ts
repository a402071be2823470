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
    const room = await db.classroom.create({ data: { name: 'A', teacherId: teacher.id } });
    const student = await db.user.create({
      data: { email: 's@x.test', name: 'S', passwordHash: 'h', classroomId: room.id },
    });
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
      include: { checks: true, builds: { include: { steps: true } }, user: { include: { classroom: { include: { teacher: true } } } } },
    });
    expect(loaded.status).toBe('QUEUED');
    expect(loaded.files).toEqual({ Dockerfile: 'FROM x' });
    expect(loaded.builds[0].steps[0].instruction).toBe('FROM x');
    expect(loaded.user.classroom?.teacher?.email).toBe('t@x.test');
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
