import { defineConfig } from 'prisma/config';

// Migrations are applied by scripts/db/migrate.ts (the Prisma 7 CLI needs a native engine
// it cannot download here); the CLI is only used for `prisma generate`.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
