// npm run db:migrate — applies prisma/migrations to DATABASE_URL or the embedded server.
import { databaseUrl, usingEmbeddedPostgres } from '../../lib/db/url';
import { ensureEmbeddedPostgres } from './embedded';
import { applyMigrations } from './migrations';

async function main() {
  const log = (m: string) => process.stderr.write(`[db] ${m}\n`);
  const pgHandle = usingEmbeddedPostgres() ? await ensureEmbeddedPostgres(log) : undefined;
  try {
    const applied = await applyMigrations(databaseUrl(), log);
    log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
  } finally {
    await pgHandle?.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`db:migrate failed: ${(e as Error).message}\n`);
  process.exit(1);
});
