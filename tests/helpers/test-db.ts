// The integration tests own a separate database next to the app's: <name>_test on the same
// server (the embedded one, or the server DATABASE_URL points at). It is recreated per run.
const EMBEDDED_PORT = Number(process.env.LAYERLAB_PG_PORT ?? 54329);

export function appDatabaseUrl(): string {
  return process.env.LAYERLAB_APP_DATABASE_URL ?? process.env.DATABASE_URL ??
    `postgresql://postgres:postgres@127.0.0.1:${EMBEDDED_PORT}/layerlab`;
}

export function testDatabaseUrl(): string {
  const url = new URL(appDatabaseUrl());
  const name = url.pathname.replace(/^\//, '') || 'layerlab';
  url.pathname = `/${name.endsWith('_test') ? name : `${name}_test`}`;
  return url.toString();
}
