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
  /** `1`/`true`: lessons, the category tree, lab descriptions and search need a sign-in (default: public). */
  LAYERLAB_REQUIRE_SIGN_IN: z.enum(['0', '1', 'true', 'false']).optional(),
  /** Comma-separated hosts whose images lessons may show (e.g. `img.example.org,cdn.example.com`); others are blocked. */
  LAYERLAB_LESSON_IMAGE_HOSTS: z.string().optional(),
  /** The site's public origin for sitemap.xml, robots.txt and OpenGraph URLs (default NEXTAUTH_URL, else http://127.0.0.1:PORT). */
  LAYERLAB_PUBLIC_URL: z.string().url().optional(),
  /** Set by the platform for next start: the edge's (nginx) lesson-page cache folder, emptied on every lesson write (scripts/edge.ts). */
  LAYERLAB_EDGE_CACHE_DIR: z.string().optional(),
  /** Demo mode (default on): demo accounts and classes are seeded and shown on the login page. `0`/`false`: none; the first start asks for the first admin. */
  LAYERLAB_DEMO: z.enum(['0', '1', 'true', 'false']).optional(),
  /** With demo mode off: the first admin's e-mail, created at start when no admin exists (with LAYERLAB_ADMIN_PASSWORD). */
  LAYERLAB_ADMIN_EMAIL: z.string().trim().toLowerCase().email().optional(),
  /** The first admin's password (checked by the password policy); only used while no admin exists. */
  LAYERLAB_ADMIN_PASSWORD: z.string().min(1).optional(),
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

/** Whether reading (lessons, categories, lab descriptions, search) needs a signed-in user. */
export function readingRequiresSignIn(): boolean {
  const v = env().LAYERLAB_REQUIRE_SIGN_IN;
  return v === '1' || v === 'true';
}

/** Demo mode: on unless LAYERLAB_DEMO is `0`/`false` (the default of `npm start` on a fresh machine). */
export function demoMode(): boolean {
  const v = env().LAYERLAB_DEMO;
  return v !== '0' && v !== 'false';
}

/** Hosts (lower-case, no port) lessons may load images from; empty: only this site's own images. */
export function lessonImageHosts(): string[] {
  return (env().LAYERLAB_LESSON_IMAGE_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

/** The site's public origin without a trailing slash. */
export function publicOrigin(): string {
  const e = env();
  const raw = e.LAYERLAB_PUBLIC_URL ?? process.env.NEXTAUTH_URL ?? `http://127.0.0.1:${e.PORT}`;
  try {
    return new URL(raw).origin;
  } catch {
    return raw.replace(/\/+$/, '');
  }
}
