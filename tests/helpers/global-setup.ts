import pg from 'pg';
import { EMBEDDED_PG_PORT } from '../../lib/db/url';
import { appDatabaseUrl, testDatabaseUrl } from './test-db';

// Runs once before the integration project: a fresh, migrated test database.
export default async function setup() {
  const app = new URL(appDatabaseUrl());
  const usingEmbedded = app.hostname === '127.0.0.1' && app.port === String(EMBEDDED_PG_PORT);
  const { ensureEmbeddedPostgres } = await import('../../scripts/db/embedded');
  const handle = usingEmbedded ? await ensureEmbeddedPostgres() : undefined;

  const target = new URL(testDatabaseUrl());
  const dbName = target.pathname.slice(1);
  const admin = new URL(target.toString());
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${dbName}"`);
  await client.end();

  const { applyMigrations } = await import('../../scripts/db/migrations');
  await applyMigrations(target.toString());

  return async () => {
    await handle?.stop();
  };
}
