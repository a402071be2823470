import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOrCreateSecretFile } from './secret';

describe('readOrCreateSecretFile', () => {
  it('creates a secret once and keeps returning it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlab-secret-'));
    const file = path.join(dir, 'nested', 'nextauth-secret');
    const a = readOrCreateSecretFile(file);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(readOrCreateSecretFile(file)).toBe(a);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
