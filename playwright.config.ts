import { defineConfig } from '@playwright/test';

// The e2e run starts the real platform (database, migrations, seed, engine, worker, web)
// on its own port and its own database, then drives Debian's Chromium against it.
const PORT = Number(process.env.LAYERLAB_E2E_PORT ?? 3100);
const PG_PORT = Number(process.env.LAYERLAB_PG_PORT ?? 54329);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 6 * 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  // On CI a failed test runs once more; scripts/test-summary.ts lists the ones that needed it (flaky).
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'data/test-results/playwright.json' }]],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
    trace: 'off',
  },
  webServer: {
    command: 'node_modules/.bin/tsx scripts/platform.ts',
    url: `${baseURL}/login`,
    timeout: 15 * 60_000,
    reuseExistingServer: false,
    // SIGTERM lets scripts/platform.ts stop the worker, the web app and PostgreSQL in order
    // (Playwright's default is a SIGKILL of the process group).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      DATABASE_URL:
        process.env.LAYERLAB_E2E_DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${PG_PORT}/layerlab_e2e`,
      LAYERLAB_RESET_DB: '1',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
