import { db as defaultDb, type PrismaClient } from '../db/client';
import { StudioError } from './studio-error';

/**
 * Soft delete: a deleted lesson keeps its row, revisions and category, and only `deletedAt` is
 * set; every public query filters `deletedAt: null` (lesson page, category tree, sitemap, search).
 * Both functions are idempotent and return the lesson's slug; StudioError 404 for an unknown id.
 */
export async function deleteLesson(lessonId: string, client: PrismaClient = defaultDb): Promise<{ slug: string; deletedAt: Date }> {
  return setDeleted(lessonId, new Date(), client) as Promise<{ slug: string; deletedAt: Date }>;
}

export async function restoreLesson(lessonId: string, client: PrismaClient = defaultDb): Promise<{ slug: string; deletedAt: null }> {
  return setDeleted(lessonId, null, client) as Promise<{ slug: string; deletedAt: null }>;
}

async function setDeleted(lessonId: string, at: Date | null, client: PrismaClient) {
  const lesson = await client.lesson.findUnique({ where: { id: lessonId }, select: { slug: true, deletedAt: true } });
  if (!lesson) throw new StudioError(404, 'No such lesson.');
  if ((lesson.deletedAt === null) === (at === null)) return lesson; // already in that state
  return client.lesson.update({ where: { id: lessonId }, data: { deletedAt: at }, select: { slug: true, deletedAt: true } });
}
