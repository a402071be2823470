/**
 * Which Docker engine the grader drives, from the environment. Precedence (first set wins):
 *  1. LAYERLAB_DOCKER_SOCKET — the project's own setting: a unix socket path;
 *  2. DOCKER_HOST — Docker's standard variable: `unix:///path` or `tcp://host:port`; for tcp,
 *     DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) as the docker CLI reads
 *     them (dockerode's docker-modem reads the same variables);
 *  3. the sandbox engine of this checkout (data/sandbox/docker.sock), which the grader may start.
 * Only (3) is ever started by the grader; (1) and (2) are engines someone else runs.
 * An engine API is root on its host, so tcp without TLS is refused unless the address is loopback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../../lib/env';

export type EngineTarget =
  | { kind: 'socket'; socketPath: string; from: 'LAYERLAB_DOCKER_SOCKET' | 'DOCKER_HOST' | 'default' }
  | { kind: 'tcp'; host: string; port: number; tls: boolean; certPath?: string; from: 'DOCKER_HOST' };

/** A setting that names the engine is unusable; the message names the variable and the reason. */
export class EngineConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineConfigError';
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const CERT_FILES = ['ca.pem', 'cert.pem', 'key.pem'];

/** Reads the engine settings from `source` (default process.env). Throws EngineConfigError. */
export function engineTarget(source: Readonly<Record<string, string | undefined>> = process.env): EngineTarget {
  const socket = source.LAYERLAB_DOCKER_SOCKET?.trim();
  if (socket) {
    if (!path.isAbsolute(socket)) throw new EngineConfigError(`LAYERLAB_DOCKER_SOCKET must be an absolute path to a unix socket (got "${socket}")`);
    return { kind: 'socket', socketPath: socket, from: 'LAYERLAB_DOCKER_SOCKET' };
  }
  const dockerHost = source.DOCKER_HOST?.trim();
  if (!dockerHost) return { kind: 'socket', socketPath: path.join(dataDir(), 'sandbox', 'docker.sock'), from: 'default' };
  if (dockerHost.startsWith('unix://')) {
    const p = dockerHost.slice('unix://'.length);
    if (!path.isAbsolute(p)) throw new EngineConfigError(`DOCKER_HOST must name an absolute socket path, as unix:///path/docker.sock (got "${dockerHost}")`);
    return { kind: 'socket', socketPath: p, from: 'DOCKER_HOST' };
  }
  if (!dockerHost.startsWith('tcp://')) {
    throw new EngineConfigError(`DOCKER_HOST must start with unix:// or tcp:// (got "${dockerHost}"; ssh:// and npipe:// are not supported by the grader)`);
  }
  let url: URL;
  try {
    url = new URL(dockerHost);
  } catch {
    throw new EngineConfigError(`DOCKER_HOST is not a valid address, expected tcp://host:port (got "${dockerHost}")`);
  }
  const port = Number(url.port || 2375);
  const verify = source.DOCKER_TLS_VERIFY?.trim() ?? '';
  if (!['', '0', '1'].includes(verify)) throw new EngineConfigError(`DOCKER_TLS_VERIFY must be 1 (verify the engine's TLS certificate) or empty (got "${verify}")`);
  const tls = verify === '1' || port === 2376;
  if (!tls && !LOOPBACK.has(url.hostname)) {
    throw new EngineConfigError(
      `DOCKER_HOST=${dockerHost} without DOCKER_TLS_VERIFY=1: an engine API without TLS is root on that host for anyone who can reach it; ` +
      'set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (or use a loopback address, e.g. through an SSH tunnel)',
    );
  }
  const certPath = source.DOCKER_CERT_PATH?.trim() || undefined;
  if (tls) {
    if (!certPath) throw new EngineConfigError('DOCKER_CERT_PATH must name the folder with ca.pem, cert.pem and key.pem when DOCKER_TLS_VERIFY=1');
    const missing = CERT_FILES.filter((f) => !fs.existsSync(path.join(certPath, f)));
    if (missing.length) throw new EngineConfigError(`DOCKER_CERT_PATH (${certPath}) lacks ${missing.join(', ')}`);
  }
  return { kind: 'tcp', host: url.hostname, port, tls, certPath, from: 'DOCKER_HOST' };
}

/** One line for logs: which engine and which variable chose it. */
export function describeEngineTarget(t: EngineTarget): string {
  const where = t.kind === 'socket' ? `unix://${t.socketPath}` : `${t.tls ? 'https' : 'http'}://${t.host}:${t.port}`;
  return `${where} (${t.from === 'default' ? 'this checkout\'s sandbox engine' : `from ${t.from}`})`;
}
