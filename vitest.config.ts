import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { testDatabaseUrl } from './tests/helpers/test-db';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{lib,grader,app,scripts}/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          // Real engine and real database: builds take tens of seconds.
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // One file at a time: grades share one sandbox engine and one database.
          fileParallelism: false,
          // A real engine on a busy machine: a test that fails is run once more (vitest marks it
          // "(retry x1)"); one that fails twice fails the run.
          retry: 1,
          globalSetup: ['tests/helpers/global-setup.ts'],
          env: { DATABASE_URL: testDatabaseUrl() },
        },
      },
    ],
  },
});
