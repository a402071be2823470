/**
 * Stage 3, build: every build of the lab in order, like consecutive `docker build` runs on a laptop.
 * For each: apply its edits, stamp the per-grade nonce, list the images that exist, build (classic
 * builder, network none, the grade's limits, cache only from this grade's own images), decide each
 * step's cache state from image identity (inspect/steps.ts), and keep the record the checks read.
 * After a failed build, the later ones are not attempted.
 *
 * Concurrent grades stay apart without a per-grade copy of the base image:
 *   - from its first stamped file on (context.ts: every file the grader owns carries the per-grade
 *     nonce), no layer of a grade can match another grade's;
 *   - each build after the first passes the classic builder's `cachefrom` (engine/build.ts) = the
 *     last image of each stage and the final image of this grade's earlier builds: the engine then
 *     accepts a cache hit only when it is an ancestor of one of them, and otherwise restores the
 *     layer from them (a hit too: inspect/history.ts), so a later build — the one cache checks read —
 *     never reuses another grade's layer, not even for the steps before the first COPY
 *     (FROM/WORKDIR/ENV), and a concurrent grade's newer copy of such a step cannot hide this
 *     grade's own cached layers.
 * The first build passes no `cachefrom`, like `docker build` on a laptop: a later stage reuses an
 * earlier stage's identical steps (with `cachefrom`, the engine stops reusing anything after the
 * first miss, in every later stage too), and the steps before the first stamped file may reuse
 * another grade's identical layer — the same instruction on the same parent, so the same result.
 */
import type { EngineClient as Docker } from '../engine/client';
import type { BuildRecord } from '../checks/types';
import { applyEdits, changedPaths, stampContext, type ContextFiles } from '../context';
import type { ParsedDockerfile } from '../../lib/dockerfile/parse';
import { buildLimitsOf, runBuild, type BuildOutcome, type BuildRequest } from '../engine/build';
import { CappedLog } from '../engine/build-stream';
import { selectContextFiles, summarizeContext } from '../engine/context-tar';
import { engineStepImages, existingImageIds } from '../engine/image-ids';
import { InfrastructureError } from '../errors';
import { verifiedSteps, type VerifiedBuild } from '../inspect/steps';
import type { GradePlan } from './preflight';
import type { GradeSession } from './session';
import type { Emit } from './types';

/** The engine calls of the stage (real by default; unit tests pass fakes). */
export interface BuildDeps {
  runBuild(req: BuildRequest): Promise<BuildOutcome>;
  existingImageIds(docker: Docker): Promise<ReadonlySet<string>>;
  verifiedSteps(docker: Docker, parsed: ParsedDockerfile, outcome: BuildOutcome, preexisting: ReadonlySet<string>): Promise<VerifiedBuild>;
}

const REAL_DEPS: BuildDeps = {
  runBuild,
  existingImageIds,
  verifiedSteps: (docker, parsed, outcome, preexisting) => verifiedSteps(engineStepImages(docker), parsed, outcome, preexisting),
};

export interface BuiltGrade {
  /** Every build of the lab by name, in lab order (skipped ones included). */
  records: Map<string, BuildRecord>;
  /** The build logs, each capped to its share of `limits.buildLogChars`. */
  log: string;
}

/** The session's build stage. Throws InfrastructureError for the platform's faults and on cancellation. */
export async function buildAll(session: GradeSession, plan: GradePlan, emit: Emit, deps: BuildDeps = REAL_DEPS): Promise<BuiltGrade> {
  const { lab, parsed, limits } = plan;
  const records = new Map<string, BuildRecord>();
  const logs: string[] = [];
  const perBuildLog = Math.floor(limits.buildLogChars / lab.builds.length);
  let cacheFrom: string[] = [];
  let previous: ContextFiles = plan.files;
  let failedName: string | undefined;
  for (const [index, def] of lab.builds.entries()) {
    session.checkAborted();
    const working = applyEdits(previous, def.edits, session.nonce);
    const changedFiles = index === 0 ? [] : sentChanges(changedPaths(previous, working), working);
    previous = working;
    if (failedName !== undefined) {
      records.set(def.name, skippedRecord(def.name, failedName, changedFiles));
      continue;
    }
    const built = await buildOne(session, plan, { name: def.name, files: working, changedFiles, cacheFrom }, emit, deps);
    // What the next builds may reuse: this grade's images only (each stage's last one, the final one).
    cacheFrom = [...cacheFrom, ...built.ownImageIds];
    records.set(def.name, built.record);
    logs.push(`=== build ${def.name} (${built.record.ok ? 'ok' : 'failed'}, ${built.record.durationMs} ms) ===\n${capText(built.log, perBuildLog)}`);
    if (!built.record.ok) failedName = def.name;
  }
  return { records, log: logs.join('\n') };
}

/**
 * The changed paths the build sends to the engine (BuildRecord.changedFiles). A file .dockerignore
 * leaves out never reaches the classic builder, so it changes no COPY/ADD checksum: the cache check
 * and the cache diff name only these as a rebuild's cause. A removed path counts as sent.
 */
function sentChanges(changed: string[], files: ContextFiles): string[] {
  if (changed.length === 0) return changed;
  const ignored = new Set(selectContextFiles(files).ignored);
  return changed.filter((p) => !ignored.has(p));
}

function skippedRecord(name: string, failedName: string, changedFiles: string[]): BuildRecord {
  return { name, ok: false, skipped: true, blockedBy: failedName, durationMs: 0, error: `not attempted because build \`${failedName}\` failed`, steps: [], changedFiles };
}

interface OneBuild {
  name: string;
  /** The build's context files before the nonce stamp. */
  files: ContextFiles;
  changedFiles: string[];
  /** Images the build may take cache hits from (engine/build.ts `cacheFrom`). */
  cacheFrom: readonly string[];
}

/** One build of the grade, with its progress events, its verified record and the images it made. */
async function buildOne(session: GradeSession, plan: GradePlan, b: OneBuild, emit: Emit, deps: BuildDeps): Promise<{ record: BuildRecord; ownImageIds: string[]; log: string }> {
  const { parsed } = plan;
  // What a cache hit of this build can reuse: the images that exist before it begins.
  const preexisting = await deps.existingImageIds(session.docker);
  const { files } = stampContext(b.files, session.nonce, plan.lab.unstamped);
  files.set('Dockerfile', plan.dockerfile);
  emit({ type: 'build-start', build: b.name });
  const request: BuildRequest = {
    docker: session.docker,
    files,
    tag: session.tagFor(b.name),
    limits: buildLimitsOf(plan.limits),
    cgroupParent: session.cgroupParent,
    signal: session.signal,
    cacheFrom: b.cacheFrom,
    onStep: (s) => {
      const ins = parsed.instructions.find((i) => i.n === s.n);
      // FROM builds nothing (reported as cached, like the final report); the rest is provisional.
      emit({ type: 'step', build: b.name, n: s.n, total: s.total, instruction: ins?.text ?? s.instruction, cached: ins?.keyword === 'FROM' || s.cached });
    },
  };
  let outcome = await deps.runBuild(request);
  for (let retry = 1; retry <= VANISHED_PARENT_RETRIES && !outcome.ok && vanishedParent(outcome.error); retry++) {
    session.trackIntermediates(outcome.stream.seenImageIds);
    outcome = await deps.runBuild(request);
  }
  session.trackIntermediates(outcome.stream.seenImageIds.filter((id) => !isFromStepId(outcome, parsed, id)));
  const verified = await verify(session.docker, b.name, parsed, outcome, preexisting, deps);
  const record = buildRecord(b.name, parsed, outcome, b.changedFiles, verified.steps);
  correctLiveProgress(b.name, record, outcome, emit);
  record.context = summarizeContext(files); // what reached the engine (check kind `context`)
  emit({ type: 'build-end', build: b.name, ok: record.ok, durationMs: record.durationMs });
  // Stages first, in order: after a restore the engine keeps to the first `cachefrom` image it matched.
  return { record, ownImageIds: [...verified.stageImageIds, ...(outcome.imageId ? [outcome.imageId] : [])], log: outcome.stream.log };
}

/** How often a build whose cached parent vanished mid-build is run again (vanishedParent). */
const VANISHED_PARENT_RETRIES = 2;

/**
 * True when the engine failed a build because an image it had taken from the cache was removed
 * while the build ran: another grade's cleanup on the same engine removed a layer both grades had
 * (e.g. a shared `WORKDIR /app` over the base image). dockerd then says "failed to export image:
 * failed to set parent sha256:…: unknown parent image ID …" or "No such image: sha256:<id>". It is
 * the engine's race, not the student's build, so the build is run again. A failing RUN's own output
 * is never taken for it: its error starts "The command '…' returned a non-zero code".
 */
export function vanishedParent(error: string | undefined): boolean {
  if (!error || error.startsWith('The command ')) return false;
  return /failed to set parent sha256:[0-9a-f]+: unknown parent image ID/.test(error) || /^No such image: sha256:[0-9a-f]{64}$/.test(error.trim());
}

async function verify(docker: Docker, name: string, parsed: ParsedDockerfile, outcome: BuildOutcome, preexisting: ReadonlySet<string>, deps: BuildDeps): Promise<VerifiedBuild> {
  try {
    return await deps.verifiedSteps(docker, parsed, outcome, preexisting);
  } catch (err) {
    throw new InfrastructureError(`cannot read the history of build ${name}: ${(err as Error).message}`, { cause: err });
  }
}

/** Where the image history disagrees with the live progress (a faked "Using cache"), say so. */
function correctLiveProgress(build: string, record: BuildRecord, outcome: BuildOutcome, emit: Emit): void {
  for (const s of record.steps) {
    const live = outcome.stream.steps.find((x) => x.n === s.n);
    if (live && live.cached !== s.cached && s.keyword !== 'FROM') {
      emit({ type: 'step', build, n: s.n, total: live.total, instruction: s.instruction, cached: s.cached });
    }
  }
}

/** The record the checks read of one attempted build (pure). */
export function buildRecord(name: string, parsed: ParsedDockerfile, outcome: BuildOutcome, changedFiles: string[], steps: BuildRecord['steps']): BuildRecord {
  const record: BuildRecord = {
    name,
    ok: outcome.ok,
    skipped: false,
    durationMs: outcome.endMs - outcome.startMs,
    error: outcome.error,
    imageId: outcome.imageId,
    steps,
    changedFiles,
  };
  const failedStep = outcome.ok ? undefined : failedStepOf(parsed, outcome, steps);
  if (failedStep) record.failedStep = failedStep;
  return record;
}

/** The step a failed build stopped at, with the tail of its output. */
function failedStepOf(parsed: ParsedDockerfile, outcome: BuildOutcome, steps: BuildRecord['steps']): BuildRecord['failedStep'] {
  if (outcome.stream.steps.length > 0) {
    const last = outcome.stream.steps[outcome.stream.steps.length - 1];
    const step = steps.find((s) => s.n === last.n);
    return step ? { ...step, output: last.output } : undefined;
  }
  if (!outcome.error) return undefined;
  // Rejected before any step (e.g. "dockerfile parse error line 4: unknown instruction: RUNN"):
  // name the instruction at that line.
  const m = /\bline (\d+)\b/i.exec(outcome.error);
  const line = m ? Number(m[1]) : undefined;
  const ins = line !== undefined ? parsed.instructions.find((i) => i.startLine <= line && line <= i.endLine) : undefined;
  return ins ? { n: ins.n, keyword: ins.keyword, instruction: ins.text, line: ins.startLine, stage: ins.stage, cached: false, verified: true, output: '' } : undefined;
}

/** The id printed after a FROM step is the base image (or an earlier stage): never ours to remove. */
function isFromStepId(outcome: BuildOutcome, parsed: ParsedDockerfile, id: string): boolean {
  const step = outcome.stream.steps.find((s) => s.imageId === id);
  if (!step) return false;
  const ins = parsed.instructions.find((i) => i.n === step.n);
  return (ins?.keyword ?? step.instruction.split(/\s+/)[0]?.toUpperCase()) === 'FROM';
}

/** A build log within `capChars` characters: its head and tail, and the explaining lines between. */
export function capText(text: string, capChars: number): string {
  if (text.length <= capChars) return text;
  const log = new CappedLog(Math.floor(capChars / 4), Math.floor((capChars * 3) / 4));
  log.append(text);
  return log.toString();
}
