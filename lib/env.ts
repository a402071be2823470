import path from 'node:path';
import { z } from 'zod';

// One place that reads the environment, validated at start-up so a typo fails loudly.
const EnvSchema = z.object({
  LAYERLAB_DATA_DIR: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  LAYERLAB_DOCKER_SOCKET: z.string().optional(),
  /** `1`: start the sandbox engine with --userns-remap=default (grader/engine/daemon.ts; off by default). */
  LAYERLAB_USERNS_REMAP: z.enum(['0', '1', 'true', 'false']).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NEXTAUTH_SECRET: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema>;

/** Read on every call (cheap): scripts and tests may point DATABASE_URL elsewhere at run time. */
export function env(): Env {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${issues}`);
  }
  return parsed.data;
}

/** Project root: where package.json lives (cwd for every npm script). */
export const projectRoot = process.cwd();

/** Everything the platform writes at run time lives here (gitignored). */
export function dataDir(): string {
  // turbopackIgnore: run-time data (engine layers, database) must not be traced into the build.
  return path.resolve(/*turbopackIgnore: true*/ projectRoot, env().LAYERLAB_DATA_DIR ?? 'data');
}

/** The dedicated sandbox Docker engine's socket. */
export function dockerSocketPath(): string {
  return env().LAYERLAB_DOCKER_SOCKET ?? path.join(dataDir(), 'sandbox', 'docker.sock');
}
