// The classes migration (20261129130000) turns one-class-per-student into memberships and one
// teacher per class into ClassTeacher rows. This applies the migrations before it to an empty
// database, writes rows in the old shape, applies it and checks that every row is kept.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../helpers/test-db';

const MIGRATIONS = path.resolve(__dirname, '../../prisma/migrations');
const TARGET = '20261129130000_classes_accounts';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

describe('classes migration keeps every row', () => {
  const dbName = `${new URL(testDatabaseUrl()).pathname.slice(1)}_migration`;
  const admin = new pg.Client({ connectionString: withDatabase(testDatabaseUrl(), 'postgres') });
  const client = new pg.Client({ connectionString: withDatabase(testDatabaseUrl(), dbName) });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}"`);
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}"`);
    await admin.end();
  });

  it('moves classroomId and teacherId into memberships and teachers, with a join code per class', async () => {
    const folders = fs.readdirSync(MIGRATIONS).filter((f) => /^\d{14}_/.test(f)).sort();
    expect(folders).toContain(TARGET);
    const apply = (f: string) => client.query(fs.readFileSync(path.join(MIGRATIONS, f, 'migration.sql'), 'utf8'));
    for (const f of folders.filter((f) => f < TARGET)) await apply(f);

    await client.query(`INSERT INTO "User" (id, email, name, "passwordHash", role) VALUES
      ('t1', 't1@x.test', 'T1', 'h', 'TEACHER'), ('t2', 't2@x.test', 'T2', 'h', 'TEACHER')`);
    await client.query(`INSERT INTO "Classroom" (id, name, "teacherId") VALUES ('c1', 'One', 't1'), ('c2', 'Two', 't2'), ('c3', 'Nobody', NULL)`);
    await client.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "classroomId") VALUES
      ('s1', 's1@x.test', '김학생', 'h', 'STUDENT', 'c1'), ('s2', 's2@x.test', 'S2', 'h', 'STUDENT', 'c1'),
      ('s3', 's3@x.test', 'S3', 'h', 'STUDENT', 'c2'), ('s4', 's4@x.test', 'S4', 'h', 'STUDENT', NULL)`);
    await client.query(`INSERT INTO "Submission" (id, "userId", "labId", files) VALUES ('sub1', 's1', 'cache-order', '{}')`);

    await apply(TARGET);

    const users = await client.query(`SELECT id, name, "sessionVersion", "disabledAt" FROM "User" ORDER BY id`);
    expect(users.rows.map((r) => [r.id, r.sessionVersion, r.disabledAt])).toEqual(
      ['s1', 's2', 's3', 's4', 't1', 't2'].map((id) => [id, 0, null]),
    );
    expect(users.rows[0].name).toBe('김학생');
    const members = await client.query(`SELECT "classroomId", "userId" FROM "ClassMembership" ORDER BY "userId"`);
    expect(members.rows).toEqual([
      { classroomId: 'c1', userId: 's1' }, { classroomId: 'c1', userId: 's2' }, { classroomId: 'c2', userId: 's3' },
    ]);
    const teachers = await client.query(`SELECT "classroomId", "userId" FROM "ClassTeacher" ORDER BY "classroomId"`);
    expect(teachers.rows).toEqual([{ classroomId: 'c1', userId: 't1' }, { classroomId: 'c2', userId: 't2' }]);
    const rooms = await client.query(`SELECT id, name, "joinCode", "timeZone", "signUpOpen" FROM "Classroom" ORDER BY id`);
    expect(rooms.rows.map((r) => [r.id, r.name, r.timeZone, r.signUpOpen])).toEqual([
      ['c1', 'One', 'UTC', true], ['c2', 'Two', 'UTC', true], ['c3', 'Nobody', 'UTC', true],
    ]);
    const codes = rooms.rows.map((r) => r.joinCode as string);
    for (const code of codes) expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{8}$/);
    expect(new Set(codes).size).toBe(codes.length);
    const sub = await client.query(`SELECT kind, "regradeOfId", "labVersion" FROM "Submission"`);
    expect(sub.rows).toEqual([{ kind: 'ATTEMPT', regradeOfId: null, labVersion: null }]);
  });
});
