import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Umzug, type UmzugStorage } from 'umzug';

// Prisma's own advisory lock id, so `prisma migrate` and this runner never interleave.
const PRISMA_MIGRATE_LOCK = 72707369;
const MIGRATIONS_DIR = path.resolve(process.cwd(), 'prisma', 'migrations');

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Records applied migrations in Prisma's table and format, so Prisma tooling agrees. */
class PrismaMigrationsTable implements UmzugStorage {
  constructor(private readonly client: pg.Client) {}
  async executed(): Promise<string[]> {
    const rows = await this.client.query(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
    );
    return rows.rows.map((r) => r.migration_name as string);
  }
  async logMigration(): Promise<void> {
    // Recorded inside the migration's own transaction (see `up` below).
  }
  async unlogMigration({ name }: { name: string }): Promise<void> {
    await this.client.query('DELETE FROM "_prisma_migrations" WHERE migration_name = $1', [name]);
  }
}

export async function applyMigrations(url: string, log: (msg: string) => void = () => {}): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await client.query(CREATE_TABLE);
    const names = fs
      .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const umzug = new Umzug({
      migrations: names.map((name) => {
        const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8');
        return {
          name,
          up: async () => {
            const checksum = crypto.createHash('sha256').update(sql).digest('hex');
            // One transaction per migration: a broken migration is rolled back and not recorded.
            await client.query('BEGIN');
            try {
              await client.query(sql);
              await client.query(
                `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
                 VALUES ($1, $2, now(), $3, 1)`,
                [crypto.randomUUID(), checksum, name],
              );
              await client.query('COMMIT');
            } catch (e) {
              await client.query('ROLLBACK');
              throw new Error(`migration ${name} failed: ${(e as Error).message}`);
            }
          },
        };
      }),
      storage: new PrismaMigrationsTable(client),
      logger: undefined,
    });
    const applied = await umzug.up();
    for (const m of applied) log(`applied migration ${m.name}`);
    return applied.map((m) => m.name);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => {});
    await client.end();
  }
}
