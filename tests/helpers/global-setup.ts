import { EMBEDDED_PG_PORT } from '../../lib/db/url';
import { appDatabaseUrl, testDatabaseUrl } from './test-db';

// Runs once before the integration project: a fresh, migrated test database.
export default async function setup() {
  const app = new URL(appDatabaseUrl());
  const usingEmbedded = app.hostname === '127.0.0.1' && app.port === String(EMBEDDED_PG_PORT);
  const { ensureEmbeddedPostgres } = await import('../../scripts/db/embedded');
  const handle = usingEmbedded ? await ensureEmbeddedPostgres() : undefined;

  const target = testDatabaseUrl();
  const { recreateDatabase } = await import('../../scripts/db/recreate');
  await recreateDatabase(target);
  const { applyMigrations } = await import('../../scripts/db/migrations');
  await applyMigrations(target);

  return async () => {
    await handle?.stop();
  };
}
