/**
 * One real `docker build` of a context with the classic builder, inside every limit the sandbox
 * supports (network none, memory, cpu, shm, per-grade cgroup, wall clock), with its progress parsed.
 */
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';
import { InfrastructureError } from '../errors';
import type { ContextFiles } from '../context';
import { BuildStreamParser, type BuildStreamResult, type StreamStep } from './build-stream';
import { ContextTooLargeError, packContext } from './context-tar';
import { scrubHostPaths } from './engine-text';
import { buildOptions, DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from './limits';

export interface BuildLimits {
  memoryMb: number;
  timeoutSeconds: number;
  /** Hard CPU cap in cores (1 = one full core), null for none (lib/grading/limits.ts `cpus`). */
  cpus: number | null;
  shmMb: number;
  /** Defaults: engine/limits.ts. */
  swapMb?: number;
  nofile?: number;
  maxContextBytes?: number;
  maxContextFiles?: number;
}

/** The build part of a grade's limits (engine/limits.ts, the one place they are set). */
export function buildLimitsOf(l: SandboxLimits, timeoutSeconds = l.buildTimeoutSeconds): BuildLimits {
  return { memoryMb: l.memoryMb, timeoutSeconds, cpus: l.cpus, shmMb: l.shmMb, swapMb: l.swapMb, nofile: l.nofile, maxContextBytes: l.maxContextBytes, maxContextFiles: l.maxContextFiles };
}

export const DEFAULT_BUILD_LIMITS: BuildLimits = buildLimitsOf(DEFAULT_SANDBOX_LIMITS);

export interface BuildRequest {
  docker: Docker;
  files: ContextFiles;
  /** Unique, lower-case `repo:tag`. */
  tag: string;
  limits: BuildLimits;
  cgroupParent?: string;
  /** Aborts the build (grade cancelled): surfaces as an InfrastructureError. */
  signal?: AbortSignal;
  onStep?: (step: StreamStep) => void;
  /**
   * The classic builder's `cachefrom`: image ids or references. With it set, the engine accepts a
   * local cache hit only when the hit is an ancestor of one of these images, or restores the layer
   * from one of them (moby daemon/images/cache.go); an image of another grade is never reused. This
   * is how concurrent grades stay apart without a per-grade copy of the base image (grading/build.ts).
   */
  cacheFrom?: readonly string[];
}

export interface BuildOutcome {
  ok: boolean;
  imageId?: string;
  /** The submission's fault (failing RUN, syntax error, timeout, oversized context). */
  error?: string;
  timedOut: boolean;
  startMs: number;
  endMs: number;
  stream: BuildStreamResult;
  contextFiles: number;
  contextBytes: number;
}

/**
 * Daemon errors that are not the submission's fault. Everything else a build reports (non-zero RUN,
 * unknown instruction, COPY of a missing file, …) is graded.
 */
const INFRA_PATTERNS = [
  /no space left on device/i,
  /cannot connect to the docker daemon/i,
  /too many open files/i,
  /failed to (create|register) layer/i,
  /error creating overlay mount/i,
  /driver failed/i,
  /pull access denied|repository does not exist|manifest unknown|failed to resolve/i,
  /connection refused|i\/o timeout|dial unix/i,
];

export function isInfrastructureMessage(message: string): boolean {
  return INFRA_PATTERNS.some((re) => re.test(message));
}

function isConnectionError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'EACCES';
}

type Packed = Awaited<ReturnType<typeof packContext>>;

/**
 * Builds `req.files` as `req.tag`. The submission's faults (failing step, syntax error, timeout,
 * oversized context) come back as `ok: false` with an error for the student; the platform's faults
 * (engine gone, disk full, cancellation) throw InfrastructureError.
 */
export async function runBuild(req: BuildRequest): Promise<BuildOutcome> {
  const parser = new BuildStreamParser(req.onStep);
  const packed = await packOrRefuse(req, parser);
  if ('ok' in packed) return packed;

  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, req.limits.timeoutSeconds * 1000);
  const onOuterAbort = () => ctl.abort();
  req.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const startMs = Date.now();
  // Every outcome leaves through here: the one place the engine's text is scrubbed of host paths
  // (engine-text.ts) before it reaches feedback, the report or the log.
  const finish = (partial: Partial<BuildOutcome>): BuildOutcome => {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onOuterAbort);
    const outcome: BuildOutcome = {
      ok: false,
      timedOut,
      startMs,
      endMs: Date.now(),
      stream: scrubStream(parser.result()),
      contextFiles: packed.files,
      contextBytes: packed.bytes,
      ...partial,
    };
    if (outcome.error !== undefined) outcome.error = scrubHostPaths(outcome.error);
    return outcome;
  };
  const timeoutError = () => `The build did not finish within ${req.limits.timeoutSeconds} s and was stopped.`;
  /** The platform's fault: the outcome is finished (timer, listener) and the error thrown. */
  const fail = (message: string): never => {
    finish({});
    throw new InfrastructureError(message);
  };

  try {
    await streamBuild(req.docker, packed, buildRequestOptions(req, ctl.signal), parser, ctl.signal);
  } catch (err) {
    if (timedOut) return finish({ error: timeoutError() });
    if (req.signal?.aborted) return fail('grading was cancelled');
    if (isConnectionError(err)) return fail(`sandbox engine connection failed during the build: ${(err as Error).message}`);
    const refused = requestRefusal(err);
    if (refused.infrastructure) return fail(`the engine failed the build: ${refused.message}`);
    return finish({ error: cleanDaemonMessage(refused.message) });
  }

  const result = parser.result();
  if (timedOut) return finish({ error: timeoutError() });
  if (req.signal?.aborted) return fail('grading was cancelled');
  if (result.error !== undefined) {
    if (isInfrastructureMessage(result.error)) return fail(`the engine failed the build: ${result.error}`);
    return finish({ error: explainExitCode(cleanDaemonMessage(result.error), req.limits.memoryMb) });
  }
  let imageId = result.imageId;
  if (imageId === undefined) {
    try {
      imageId = await taggedImageId(req);
    } catch (err) {
      finish({});
      throw err;
    }
  }
  if (imageId === undefined) return finish({ error: 'The build ended without producing an image.' });
  return finish({ ok: true, imageId });
}

/** The packed context, or the graded outcome of a context over the limits (nothing reached the engine). */
async function packOrRefuse(req: BuildRequest, parser: BuildStreamParser): Promise<Packed | BuildOutcome> {
  try {
    return await packContext(req.files, {
      maxFiles: req.limits.maxContextFiles ?? DEFAULT_SANDBOX_LIMITS.maxContextFiles,
      maxBytes: req.limits.maxContextBytes ?? DEFAULT_SANDBOX_LIMITS.maxContextBytes,
    });
  } catch (err) {
    if (!(err instanceof ContextTooLargeError)) throw err;
    const now = Date.now();
    return { ok: false, error: `The build context is too large: ${err.message}.`, timedOut: false, startMs: now, endMs: now, stream: parser.result(), contextFiles: 0, contextBytes: 0 };
  }
}

/** Query options of the build API for this request. */
function buildRequestOptions(req: BuildRequest, abortSignal: AbortSignal): Docker.ImageBuildOptions {
  const options: Record<string, unknown> = {
    t: req.tag,
    dockerfile: 'Dockerfile',
    version: '1', // classic builder: it enforces the limits below; BuildKit ignores most of them
    forcerm: true,
    rm: true,
    nocache: false,
    // network none, never a pull, memory/swap, cpu quota (when capped), shm, nofile (engine/limits.ts)
    ...buildOptions({
      memoryMb: req.limits.memoryMb,
      swapMb: req.limits.swapMb ?? DEFAULT_SANDBOX_LIMITS.swapMb,
      cpus: req.limits.cpus,
      shmMb: req.limits.shmMb,
      nofile: req.limits.nofile ?? DEFAULT_SANDBOX_LIMITS.nofile,
    }),
    abortSignal,
  };
  if (req.cgroupParent) options.cgroupparent = req.cgroupParent;
  // The API takes a JSON array in the query string.
  if (req.cacheFrom?.length) options.cachefrom = JSON.stringify(req.cacheFrom);
  return options as Docker.ImageBuildOptions;
}

/** Sends the build and feeds its progress stream to `parser` until the stream ends (rejects on abort). */
async function streamBuild(docker: Docker, packed: Packed, options: Docker.ImageBuildOptions, parser: BuildStreamParser, signal: AbortSignal): Promise<void> {
  const stream = (await docker.buildImage(packed.tar as unknown as NodeJS.ReadableStream, options)) as NodeJS.ReadableStream;
  await new Promise<void>((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    stream.on('data', (chunk: Buffer) => parser.pushRaw(decoder.write(chunk)));
    stream.on('end', () => {
      parser.pushRaw(`${decoder.end()}\n`);
      resolve();
    });
    stream.on('error', reject);
    stream.on('close', () => {
      if (signal.aborted) reject(new Error('aborted'));
    });
  });
}

/**
 * An HTTP error before the stream started (e.g. 400 for a Dockerfile the daemon cannot parse): its
 * message, and whether it is the platform's fault rather than the submission's.
 */
function requestRefusal(err: unknown): { message: string; infrastructure: boolean } {
  const e = err as { statusCode?: number; json?: { message?: string } | null; message?: string };
  const message = (typeof e.json?.message === 'string' ? e.json.message : undefined) ?? e.message ?? String(err);
  const infrastructure = isInfrastructureMessage(message) || (e.statusCode !== undefined && e.statusCode >= 500 && !looksLikeSubmissionError(message));
  return { message, infrastructure };
}

/**
 * The id of the tagged image when the stream did not name it; undefined when there is none (graded).
 * No image and an engine that stopped answering is the platform's fault: throws InfrastructureError.
 */
async function taggedImageId(req: BuildRequest): Promise<string | undefined> {
  try {
    return (await req.docker.getImage(req.tag).inspect()).Id;
  } catch {
    const alive = await req.docker.ping().then(() => true, () => false);
    if (!alive) throw new InfrastructureError('the sandbox engine stopped answering during the build');
    return undefined;
  }
}

/** The stream's engine text (log, error, each step's output) without host paths. */
function scrubStream(r: BuildStreamResult): BuildStreamResult {
  return {
    ...r,
    log: scrubHostPaths(r.log),
    ...(r.error !== undefined ? { error: scrubHostPaths(r.error) } : {}),
    steps: r.steps.map((s) => ({ ...s, output: scrubHostPaths(s.output) })),
  };
}

/** Messages the daemon returns with a 500 that are nevertheless about the Dockerfile. */
function looksLikeSubmissionError(message: string): boolean {
  return /dockerfile|unknown instruction|parse error|syntax|no build stage|invalid reference format|unknown flag|requires (at least|exactly)|not found|returned a non-zero code|COPY failed|ADD failed|failed to process|when using COPY|invalid|is not a valid|empty continuation|please provide a source image/i.test(
    message,
  );
}

export function cleanDaemonMessage(message: string): string {
  return message.replace(/^Error response from daemon:\s*/i, '').replace(/^\(HTTP code \d+\)\s*[a-z ]*-\s*/i, '').trim();
}

/** A RUN killed by the kernel (137 = SIGKILL: the memory limit, or the pids/time limits) says why. */
export function explainExitCode(message: string, memoryMb: number): string {
  if (/returned a non-zero code: 137\b/.test(message)) {
    return `${message} (exit code 137: the step was killed, most likely for exceeding the build's ${memoryMb} MiB memory limit)`;
  }
  return message;
}
