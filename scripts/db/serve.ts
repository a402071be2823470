// Keeps the embedded PostgreSQL running in the foreground (for development sessions).
import { ensureEmbeddedPostgres } from './embedded';
import { applyMigrations } from './migrations';
import { databaseUrl } from '../../lib/db/url';

ensureEmbeddedPostgres((m) => process.stderr.write(`[db] ${m}\n`))
  .then(async (h) => {
    await applyMigrations(databaseUrl(), (m) => process.stderr.write(`[db] ${m}\n`));
    process.stderr.write(`[db] ready at ${databaseUrl()}${h.startedHere ? '' : ' (already running)'}\n`);
    if (!h.startedHere) process.exit(0);
  })
  .catch((e) => {
    process.stderr.write(`[db] ${(e as Error).message}\n`);
    process.exit(1);
  });
