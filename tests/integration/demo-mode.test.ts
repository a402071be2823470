// Demo mode decides what the seed creates: demo accounts (on, the default) or only the first admin
// from LAYERLAB_ADMIN_EMAIL/PASSWORD (off). The lessons are seeded either way.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db, resetDatabase } from '../helpers/db';
import { DEMO_ACCOUNTS, seed } from '../../scripts/db/seed';
import { adminExists, ensureAdminFromEnv, isSetupToken, setupToken } from '../../lib/accounts/first-admin';

const VARS = ['LAYERLAB_DEMO', 'LAYERLAB_ADMIN_EMAIL', 'LAYERLAB_ADMIN_PASSWORD'] as const;

describe('demo mode', () => {
  beforeEach(resetDatabase);
  afterEach(() => {
    for (const v of VARS) delete process.env[v];
  });

  it('on by default: the demo accounts exist', async () => {
    await seed();
    expect(await db.user.count({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } } })).toBe(DEMO_ACCOUNTS.length);
  });

  it('off: no demo account; without the variables no admin either (setup is open), with them the admin', async () => {
    process.env.LAYERLAB_DEMO = '0';
    await seed();
    expect(await db.user.count()).toBe(0);
    expect(await db.classroom.count()).toBe(0);
    expect(await db.lesson.count()).toBeGreaterThan(0);
    expect(await adminExists()).toBe(false);

    process.env.LAYERLAB_ADMIN_EMAIL = 'Head@School.Example';
    process.env.LAYERLAB_ADMIN_PASSWORD = 'qwerty123';
    await expect(ensureAdminFromEnv()).rejects.toThrow(/LAYERLAB_ADMIN_PASSWORD: .*common passwords/);
    process.env.LAYERLAB_ADMIN_PASSWORD = 'correct horse battery staple';
    await seed();
    expect(await db.user.findMany({ select: { email: true, role: true } })).toEqual([{ email: 'head@school.example', role: 'ADMIN' }]);
    expect(await ensureAdminFromEnv()).toBe('exists');
  });

  it('LAYERLAB_DEMO is validated', async () => {
    process.env.LAYERLAB_DEMO = 'off';
    await expect(seed()).rejects.toThrow(/Invalid environment: LAYERLAB_DEMO/);
  });

  it('the setup token is derived from the session secret and compared exactly', () => {
    const t = setupToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(isSetupToken(t)).toBe(true);
    expect(isSetupToken(t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A'))).toBe(false);
    expect(isSetupToken('')).toBe(false);
  });
});
