import pg from 'pg';

/** Drops and creates the database a URL names (for test, e2e and bench databases only). */
export async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z0-9_]+_(test|e2e|bench)$/.test(name)) {
    throw new Error(`refusing to drop "${name}": only *_test, *_e2e and *_bench databases are recreated`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
