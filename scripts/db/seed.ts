// npm run db:seed — demo classroom and accounts, and every lesson under content/ upserted
// through the same code path as the admin endpoint. Safe to run any number of times.
import fs from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { db } from '../../lib/db';
import { upsertLessonDocument } from '../../lib/content/upsert';
import { pingRevalidate } from '../../lib/content/revalidate';
import { demoMode, env } from '../../lib/env';
import { ensureAdminFromEnv } from '../../lib/accounts/first-admin';
import { newJoinCode } from '../../lib/classes/join-code';

export const DEMO_PASSWORD = 'layerlab';
export const DEMO_ACCOUNTS = [
  { email: 'admin@layerlab.test', name: 'Ada Admin', role: 'ADMIN' },
  { email: 'teacher@layerlab.test', name: 'Tae Teacher', role: 'TEACHER' },
  { email: 'teacher2@layerlab.test', name: 'Jun Teacher', role: 'TEACHER' },
  { email: 'student@layerlab.test', name: 'Sora Student', role: 'STUDENT' },
  { email: 'student2@layerlab.test', name: 'Min Student', role: 'STUDENT' },
] as const;

const CONTENT_DIR = path.resolve(process.cwd(), 'content', 'lessons');

export async function seed(log: (m: string) => void = () => {}): Promise<void> {
  // Demo accounts and classes only in demo mode (LAYERLAB_DEMO, default on); otherwise the first
  // admin comes from LAYERLAB_ADMIN_EMAIL/PASSWORD or the one-time /setup page.
  if (demoMode()) await seedDemo(log);
  else log(`demo mode off: no demo accounts; first admin: ${await ensureAdminFromEnv()}`);
  await seedLessons(log);
}

async function seedDemo(log: (m: string) => void): Promise<void> {
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10);
  const users: Record<string, string> = {};
  for (const account of DEMO_ACCOUNTS) {
    // Existing accounts keep their password: a re-seed must not undo a change.
    const user = await db.user.upsert({
      where: { email: account.email },
      update: {},
      create: { ...account, passwordHash },
    });
    users[account.email] = user.id;
  }
  const room = await demoClass('Demo class', 'Asia/Seoul', users['teacher@layerlab.test']);
  // A second class with its own teacher and no students: that teacher must see none of the demo class.
  await demoClass('Other class', 'UTC', users['teacher2@layerlab.test']);
  for (const email of ['student@layerlab.test', 'student2@layerlab.test']) {
    await db.classMembership.upsert({
      where: { classroomId_userId: { classroomId: room.id, userId: users[email] } },
      update: {},
      create: { classroomId: room.id, userId: users[email] },
    });
  }
  await demoAssignments(room.id, users['teacher@layerlab.test']);
  log(`demo accounts ready (${DEMO_ACCOUNTS.length}) in classroom "${room.name}"`);
}

async function seedLessons(log: (m: string) => void): Promise<void> {
  for (const file of fs.readdirSync(CONTENT_DIR).filter((f) => /\.mdx?$/.test(f)).sort()) {
    const source = fs.readFileSync(path.join(CONTENT_DIR, file), 'utf8');
    const result = await upsertLessonDocument(source);
    log(`lesson ${file}: ${result.status} (${result.url})`);
  }
}

/** The demo class of this name (created once, with its teacher); a re-seed changes nothing. */
async function demoClass(name: string, timeZone: string, teacherId: string) {
  const found = await db.classroom.findFirst({ where: { name, teachers: { some: { userId: teacherId } } } });
  if (found) return found;
  return db.classroom.create({ data: { name, timeZone, joinCode: newJoinCode(), teachers: { create: { userId: teacherId } } } });
}

/**
 * The demo class's two assignments, made once (a re-seed keeps a teacher's edits): cache-order due
 * in 7 days, and combine-run already past due but accepting late work, so the demo shows both.
 */
async function demoAssignments(classroomId: string, teacherId: string) {
  const day = 24 * 60 * 60 * 1000;
  const plans = [
    { labId: 'cache-order', dueAt: new Date(Date.now() + 7 * day), latePolicy: 'ACCEPT_LATE' as const },
    { labId: 'combine-run', dueAt: new Date(Date.now() - 1 * day), latePolicy: 'ACCEPT_LATE' as const },
  ];
  for (const plan of plans) {
    await db.assignment.upsert({
      where: { classroomId_labId: { classroomId, labId: plan.labId } },
      update: {},
      create: { classroomId, createdById: teacherId, ...plan },
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const log = (m: string) => process.stderr.write(`[seed] ${m}\n`);
  seed(log)
    // A web app already running on PORT keeps cached lesson pages: ask it to drop them.
    .then(async () => log(await pingRevalidate(`http://127.0.0.1:${env().PORT}`)))
    .then(() => db.$disconnect())
    .catch((e) => {
      process.stderr.write(`db:seed failed: ${(e as Error).message}\n`);
      process.exit(1);
    });
}
