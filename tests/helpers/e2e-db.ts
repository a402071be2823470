// Direct PostgreSQL access for the browser tests: test data the UI of this branch cannot make yet
// (a student with a Korean name, assignments) and facts the UI does not show (a stored labVersion).
// The e2e database is the one playwright.config.ts gives the platform.
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import pg from 'pg';

export function e2eDatabaseUrl(): string {
  const port = Number(process.env.LAYERLAB_PG_PORT ?? 54329);
  return process.env.LAYERLAB_E2E_DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${port}/layerlab_e2e`;
}

/** Runs `work` with a connected client, closed afterwards. */
export async function withDb<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The demo class (seeded by scripts/db/seed.ts for teacher@layerlab.test). */
export async function demoClassId(c: pg.Client): Promise<string> {
  const r = await c.query<{ id: string }>(
    `SELECT c.id FROM "Classroom" c JOIN "ClassTeacher" t ON t."classroomId" = c.id JOIN "User" u ON u.id = t."userId"
     WHERE c.name = 'Demo class' AND u.email = 'teacher@layerlab.test' LIMIT 1`,
  );
  if (!r.rows[0]) throw new Error('the demo class is missing: was the e2e database seeded?');
  return r.rows[0].id;
}

/** A student (password "layerlab") in the class; an existing account is reused. Returns the user id. */
export async function ensureStudentIn(c: pg.Client, classroomId: string, email: string, name: string): Promise<string> {
  const hash = await bcrypt.hash('layerlab', 4);
  const r = await c.query<{ id: string }>(
    `INSERT INTO "User" (id, email, name, "passwordHash", role) VALUES ($1, $2, $3, $4, 'STUDENT')
     ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [randomUUID(), email, name, hash],
  );
  const id = r.rows[0].id;
  await c.query(`INSERT INTO "ClassMembership" ("classroomId", "userId") VALUES ($1, $2) ON CONFLICT DO NOTHING`, [classroomId, id]);
  return id;
}

/**
 * Assigns a lab to the class. With `dueAt` given (a date or null) an existing assignment gets that
 * due date; without it an existing assignment keeps its dates.
 */
export async function ensureAssignment(c: pg.Client, classroomId: string, labId: string, dueAt?: Date | null): Promise<void> {
  const onConflict = dueAt === undefined ? 'DO NOTHING' : 'DO UPDATE SET "dueAt" = EXCLUDED."dueAt"';
  await c.query(
    `INSERT INTO "Assignment" (id, "classroomId", "labId", "dueAt") VALUES ($1, $2, $3, $4) ON CONFLICT ("classroomId", "labId") ${onConflict}`,
    [randomUUID(), classroomId, labId, dueAt ?? null],
  );
}

export async function userId(c: pg.Client, email: string): Promise<string> {
  const r = await c.query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email]);
  if (!r.rows[0]) throw new Error(`no user ${email}`);
  return r.rows[0].id;
}

/** A GRADED attempt written straight into the table (no grader run), with the lab version given. */
export async function insertGradedAttempt(c: pg.Client, user: string, labId: string, score: number, labVersion: string | null): Promise<string> {
  const id = randomUUID();
  await c.query(
    `INSERT INTO "Submission" (id, "userId", "labId", files, status, score, "maxScore", "labVersion", "finishedAt")
     VALUES ($1, $2, $3, $4, 'GRADED', $5, 100, $6, now())`,
    [id, user, labId, JSON.stringify({ Dockerfile: 'FROM layerlab/node:18\n' }), score, labVersion],
  );
  return id;
}
