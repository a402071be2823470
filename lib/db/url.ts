import { env } from '../env';

/** Port of the embedded PostgreSQL (scripts/db/embedded.ts) when no DATABASE_URL is given. */
export const EMBEDDED_PG_PORT = Number(process.env.LAYERLAB_PG_PORT ?? 54329);
export const EMBEDDED_PG_DATABASE = 'layerlab';

/** DATABASE_URL selects any server; without it, the embedded one under data/postgres. */
export function databaseUrl(): string {
  return (
    env().DATABASE_URL ??
    `postgresql://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/${EMBEDDED_PG_DATABASE}`
  );
}

/** True when the database lives on the embedded server (which we start ourselves). */
export function usingEmbeddedPostgres(): boolean {
  const url = new URL(databaseUrl());
  return url.hostname === '127.0.0.1' && url.port === String(EMBEDDED_PG_PORT);
}

export function databaseName(): string {
  return decodeURIComponent(new URL(databaseUrl()).pathname.replace(/^\//, '')) || EMBEDDED_PG_DATABASE;
}
