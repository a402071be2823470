import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineClient } from './daemon';
import { EngineConfigError, engineTarget } from './target';

const certDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlab-certs-'));
  for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(d, f), `-----BEGIN CERTIFICATE-----\n${f}\n-----END CERTIFICATE-----\n`);
  return d;
};

describe('engineTarget: which engine the environment names', () => {
  it('LAYERLAB_DOCKER_SOCKET wins over DOCKER_HOST; without either, this checkout\'s sandbox socket', () => {
    expect(engineTarget({ LAYERLAB_DOCKER_SOCKET: '/x/d.sock', DOCKER_HOST: 'tcp://127.0.0.1:2375' })).toEqual({ kind: 'socket', socketPath: '/x/d.sock', from: 'LAYERLAB_DOCKER_SOCKET' });
    expect(engineTarget({ DOCKER_HOST: 'unix:///y/d.sock' })).toEqual({ kind: 'socket', socketPath: '/y/d.sock', from: 'DOCKER_HOST' });
    const d = engineTarget({});
    expect(d).toMatchObject({ kind: 'socket', from: 'default' });
    expect(d.kind === 'socket' && d.socketPath.endsWith(path.join('sandbox', 'docker.sock'))).toBe(true);
  });

  it('tcp with TLS reads DOCKER_CERT_PATH; the client speaks https with those certificates', () => {
    const dir = certDir();
    const env = { DOCKER_HOST: 'tcp://grader-2.internal:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir };
    const t = engineTarget(env);
    expect(t).toEqual({ kind: 'tcp', host: 'grader-2.internal', port: 2376, tls: true, certPath: dir, from: 'DOCKER_HOST' });
    const modem = engineClient(undefined, t).modem as unknown as Record<string, unknown>;
    expect(modem).toMatchObject({ host: 'grader-2.internal', port: 2376, protocol: 'https' });
    expect(modem.socketPath).toBeUndefined();
    expect(String(modem.cert)).toContain('cert.pem');
  });

  it('an explicit socket is used even when DOCKER_HOST names another engine (docker-modem would merge it in)', () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:2375';
    try {
      const modem = engineClient('/z/d.sock').modem as unknown as Record<string, unknown>;
      expect(modem).toMatchObject({ socketPath: '/z/d.sock', host: undefined });
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  it('refuses unusable settings with the variable named', () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ LAYERLAB_DOCKER_SOCKET: 'relative.sock' }, /^LAYERLAB_DOCKER_SOCKET must be an absolute path/],
      [{ DOCKER_HOST: 'ssh://me@host' }, /^DOCKER_HOST must start with unix:\/\/ or tcp:\/\//],
      [{ DOCKER_HOST: 'tcp://10.0.0.5:2375' }, /^DOCKER_HOST=tcp:\/\/10\.0\.0\.5:2375 without DOCKER_TLS_VERIFY=1/],
      [{ DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1' }, /^DOCKER_CERT_PATH must name the folder/],
      [{ DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: 'yes' }, /^DOCKER_TLS_VERIFY must be 1/],
      [{ DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nonexistent' }, /^DOCKER_CERT_PATH \(\/nonexistent\) lacks ca\.pem, cert\.pem, key\.pem/],
    ];
    for (const [env, message] of bad) {
      expect(() => engineTarget(env)).toThrow(EngineConfigError);
      expect(() => engineTarget(env)).toThrow(message);
    }
    // Plain tcp to a loopback address (an SSH tunnel's end) is allowed.
    expect(engineTarget({ DOCKER_HOST: 'tcp://127.0.0.1:2375' })).toMatchObject({ kind: 'tcp', tls: false });
  });
});
