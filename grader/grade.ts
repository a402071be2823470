/**
 * gradeSubmission: the grader core, used by the CLI, the queue worker and the tests.
 *
 *   validate the submission → refuse disallowed images (before any build) → for each build of the
 *   lab: apply its edits, stamp the per-grade nonce, list the images that exist, `docker build`
 *   (classic builder, network none, limits, cache only from this grade's own images), decide each
 *   step's cache state from image identity (inspect/history.ts) → run the checks → score →
 *   ALWAYS remove the containers, tags and images the grade made.
 *
 * A submission's fault (bad file names, disallowed FROM, syntax error, failing RUN, timeout) is a
 * graded result with feedback. An infrastructure fault throws InfrastructureError (no attempt counted).
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { loadLab, type Lab, type LabCheck, type LoaderOptions } from './labs';
import { runCheckEntry } from './checks/registry';
import type { BuildRecord, CheckContext, CheckOutcome, StepRecord } from './checks/types';
import { describeBuildFailure } from './checks/build';
import { applyEdits, changedPaths, overlay, stampContext, submissionProblems, type ContextFiles } from './context';
import { parseDockerfile, type ParsedDockerfile } from './dockerfile/parse';
import { shippedChain } from './dockerfile/stages';
import { checkImagePolicy, dockerfileShapeProblems, externalBaseImages } from './dockerfile/policy';
import { buildLimitsOf, runBuild, type BuildOutcome } from './engine/build';
import { OUTPUT_CAPS, resolveSandboxLimits, type SandboxLimits } from '../lib/grading/limits';
import { summarizeContext } from './engine/context-tar';
import { dockerignoreRefusals } from './engine/dockerignore';
import { CappedLog } from './engine/build-stream';
import { createGradeCgroup } from './engine/cgroup';
import { GRADE_TAG_PREFIX, removeGradeImages } from './engine/cleanup';
import { DockerImageDriver } from './engine/containers';
import { addEngineRoot } from './engine/engine-text';
import { existingImageIds } from './engine/image-ids';
import { InfrastructureError } from './errors';
import { verifiedSteps } from './inspect/steps';
import { reportCacheDiffs, reportWasteMap, withHelp } from './report/enrich';
import { notEvaluatedReason, scoreChecks, type BuildState } from './scoring/score';
import type { GradeReport, GradeReportBuild } from '../lib/grading/report';

export { InfrastructureError } from './errors';

export type GradeEvent =
  | { type: 'build-start'; build: string }
  | { type: 'step'; build: string; n: number; total: number; instruction: string; cached: boolean }
  | { type: 'build-end'; build: string; ok: boolean; durationMs: number }
  | { type: 'check'; id: string; passed: boolean };

export type { GradeReport, GradeReportBuild, GradeReportStep } from '../lib/grading/report';

export interface GradeInput {
  labId: string;
  /** Relative path → content; overlays the lab's starter files. */
  files: Record<string, string>;
  docker: Docker;
  onEvent?: (e: GradeEvent) => void;
  signal?: AbortSignal;
  /** Trusted callers (CLI, lab:check) may overlay any starter path, not only the lab's `submit`. */
  allowAnyPath?: boolean;
  /** Where labs live (tests); default `<cwd>/labs`. */
  labs?: LoaderOptions;
  /** Overrides of the sandbox limits (engine/limits.ts: defaults, then the lab's, then these). */
  limits?: Partial<SandboxLimits>;
  /**
   * The grade's nonce, chosen by the caller (the worker encodes its owner in it so a start-up sweep
   * can tell a dead worker's leftovers from a live grade's); [a-z0-9-], at most 40 characters.
   * Default: 12 random hex digits.
   */
  gradeId?: string;
}

export async function gradeSubmission(input: GradeInput): Promise<GradeReport> {
  const lab = await loadLab(input.labId, input.labs);
  const emit = (e: GradeEvent) => {
    try {
      input.onEvent?.(e);
    } catch {
      /* a listener's failure must not fail the grade */
    }
  };
  const checkAborted = () => {
    if (input.signal?.aborted) throw new InfrastructureError('grading was cancelled');
  };
  checkAborted();

  // 1. The submission itself: file names, sizes, a Dockerfile, allowed images. No engine needed.
  const problems = submissionProblems(input.files, lab.submit, input.allowAnyPath);
  if (problems.length) return refused(lab, `The submission was rejected: ${problems.join(' ')}`, emit);
  const initial = overlay(lab.starterFiles, input.files);
  const dockerfileText = initial.get('Dockerfile');
  if (dockerfileText === undefined || dockerfileText.trim() === '') {
    return refused(lab, 'No Dockerfile was submitted (or it is empty).', emit);
  }
  const limits = resolveSandboxLimits(lab.effectiveLimits, input.limits);
  const parsed = parseDockerfile(dockerfileText);
  const shape = dockerfileShapeProblems(dockerfileText, parsed, limits.maxInstructions);
  if (shape.length) return refused(lab, `Refused before building: ${shape.join(' ')}`, emit);
  const violations = checkImagePolicy(parsed, lab.allowedBaseImages);
  if (violations.length) {
    return refused(lab, `Refused before building: ${violations.map((v) => v.message).join(' ')}`, emit);
  }
  // A .dockerignore Docker's client would not build with at all (engine/dockerignore.ts).
  const ignoreRefusals = dockerignoreRefusals(initial.get('.dockerignore'));
  if (ignoreRefusals.length) return refused(lab, `Refused before building: ${ignoreRefusals.join(' ')}`, emit);

  // 2. The engine and the base images must be there; if not, it is our fault, not the student's.
  try {
    await input.docker.ping();
  } catch (err) {
    throw new InfrastructureError(`the sandbox engine does not answer: ${(err as Error).message}`, { cause: err });
  }
  // The engine's data root, so engine paths a RUN prints are never shown (engine/engine-text.ts).
  addEngineRoot(await Promise.resolve()
    .then(() => input.docker.info() as Promise<{ DockerRootDir?: string }>)
    .then((i) => i.DockerRootDir, () => undefined));
  for (const image of externalBaseImages(parsed)) {
    try {
      await input.docker.getImage(image).inspect();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) {
        throw new InfrastructureError(`base image ${image} is missing from the sandbox engine (run ensureBaseImages)`);
      }
      throw new InfrastructureError(`cannot inspect base image ${image}: ${(err as Error).message}`, { cause: err });
    }
  }

  // 3. Builds, checks, cleanup.
  const nonce = input.gradeId && /^[a-z0-9][a-z0-9-]{0,39}$/.test(input.gradeId) ? input.gradeId : randomBytes(6).toString('hex');
  const gradeStartMs = Date.now();
  const cgroup = createGradeCgroup(nonce, limits.pidsPerGrade);
  const driver = new DockerImageDriver({ docker: input.docker, nonce, cgroupParent: cgroup.parent, memoryMb: limits.memoryMb, limits });
  // Wall clock of the whole grade: aborts the running build (the engine kills its step) and stops
  // before the next build or check. A grade stopped this way is graded (0, with the reason).
  const gradeCtl = new AbortController();
  let gradeTimedOut = false;
  const onOuterAbort = () => gradeCtl.abort();
  input.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const gradeTimer = setTimeout(() => {
    gradeTimedOut = true;
    gradeCtl.abort();
  }, limits.gradeTimeoutSeconds * 1000);
  const signal = gradeCtl.signal;
  const checkGradeAborted = () => {
    checkAborted();
    if (signal.aborted) throw new InfrastructureError('grading was cancelled');
  };
  const tags: string[] = [];
  const intermediateIds: string[] = [];
  const logs: string[] = [];
  const perBuildLog = Math.floor(limits.buildLogChars / lab.builds.length);
  try {
    // Concurrent grades stay apart through the classic builder's `cachefrom` (engine/build.ts): the
    // first build may reuse nothing beyond the base images, each later build only this grade's own
    // earlier images. So no layer of another grade is ever a cache hit — not even for the steps
    // before the first COPY (FROM/WORKDIR/ENV), which the nonce stamp in the files cannot make
    // unique — and a concurrent grade's newer copy of a shared prefix cannot hide this grade's own
    // cached layers (the engine restores those from this grade's image: inspect/history.ts). The
    // stamp (context.ts) stays as a second guard.
    let cacheFrom: string[] = externalBaseImages(parsed);
    const records = new Map<string, BuildRecord>();
    let previous: ContextFiles = initial;
    let working: ContextFiles = initial;
    let failedName: string | undefined;
    for (const [index, def] of lab.builds.entries()) {
      checkGradeAborted();
      working = applyEdits(working, def.edits, nonce);
      const changedFiles = index === 0 ? [] : changedPaths(previous, working);
      previous = working;
      if (failedName !== undefined) {
        records.set(def.name, { name: def.name, ok: false, skipped: true, blockedBy: failedName, durationMs: 0, error: `not attempted because build \`${failedName}\` failed`, steps: [], changedFiles });
        continue;
      }
      // What a cache hit of this build can reuse: the images that exist before it begins.
      const preexisting = await existingImageIds(input.docker);

      const { files } = stampContext(working, nonce, lab.unstamped);
      files.set('Dockerfile', dockerfileText);
      const tag = `${GRADE_TAG_PREFIX}${nonce}:${def.name}`;
      tags.push(tag);
      emit({ type: 'build-start', build: def.name });
      const lineOf = (n: number) => parsed.instructions.find((i) => i.n === n);
      const outcome = await runBuild({
        docker: input.docker,
        files,
        tag,
        limits: buildLimitsOf(limits),
        cgroupParent: cgroup.parent,
        signal,
        cacheFrom,
        onStep: (s) => {
          const ins = lineOf(s.n);
          // FROM builds nothing (reported as cached, like the final report); the rest is provisional.
          const cached = ins?.keyword === 'FROM' || s.cached;
          emit({ type: 'step', build: def.name, n: s.n, total: s.total, instruction: ins?.text ?? s.instruction, cached });
        },
      });
      intermediateIds.push(...outcome.stream.seenImageIds.filter((id) => !isFromStepId(outcome, parsed, id)));
      const { record, stepImageIds } = await buildRecord(input.docker, def.name, parsed, outcome, changedFiles, preexisting);
      // What the next builds may reuse: this grade's images only (the final one and every step's).
      cacheFrom = [...(index === 0 ? [] : cacheFrom), ...(outcome.imageId ? [outcome.imageId] : []), ...stepImageIds];
      // Correct the live progress where the history disagrees with the build output.
      for (const s of record.steps) {
        const live = outcome.stream.steps.find((x) => x.n === s.n);
        if (live && live.cached !== s.cached && s.keyword !== 'FROM') {
          emit({ type: 'step', build: def.name, n: s.n, total: live.total, instruction: s.instruction, cached: s.cached });
        }
      }
      record.context = summarizeContext(files); // what reached the engine (check kind `context`)
      records.set(def.name, record);
      logs.push(`=== build ${def.name} (${record.ok ? 'ok' : 'failed'}, ${record.durationMs} ms) ===\n${capText(outcome.stream.log, perBuildLog)}`);
      emit({ type: 'build-end', build: def.name, ok: record.ok, durationMs: record.durationMs });
      if (!record.ok) failedName = def.name;
    }

    const ctx: CheckContext = {
      lab,
      builds: records,
      dockerfile: parsed,
      driver,
      runTimeoutSeconds: limits.runTimeoutSeconds,
      memoryMb: limits.memoryMb,
      nonce,
    };
    const entries = await evaluateChecks(lab, ctx, emit, checkGradeAborted);
    const scored = scoreChecks(entries);
    const cacheDiffs = reportCacheDiffs(lab, records, parsed);
    const wasteMap = await reportWasteMap(lab, ctx);
    return {
      lab: lab.id,
      ...scored,
      checks: withHelp(scored.checks, lab, cacheDiffs, new Map(entries.flatMap((e) => (e.outcome.help ? [[e.check.id, e.outcome.help] as const] : [])))),
      builds: lab.builds.map((b) => reportBuild(records.get(b.name)!, parsed)),
      cacheDiffs,
      ...(wasteMap ? { wasteMap } : {}),
      log: logs.join('\n'),
      gradeId: nonce,
    };
  } catch (err) {
    if (!gradeTimedOut || input.signal?.aborted) throw err;
    const report = refused(
      lab,
      `The grade did not finish within ${limits.gradeTimeoutSeconds} s (all builds and checks together) and was stopped.`,
      emit,
      'Not evaluated: the grade was stopped at its time limit.',
    );
    return { ...report, gradeId: nonce };
  } finally {
    clearTimeout(gradeTimer);
    input.signal?.removeEventListener('abort', onOuterAbort);
    await driver.cleanup();
    const leftovers = await removeGradeImages(input.docker, tags, intermediateIds, gradeStartMs).catch((e: Error) => [e.message]);
    if (leftovers.length) console.error(`[grader] cleanup of grade ${nonce} left: ${leftovers.join('; ')}`);
    await cgroup.cleanup();
  }
}

async function evaluateChecks(
  lab: Lab,
  ctx: CheckContext,
  emit: (e: GradeEvent) => void,
  checkAborted: () => void,
): Promise<{ check: LabCheck; outcome: CheckOutcome }[]> {
  const order = lab.builds.map((b) => b.name);
  const states = new Map<string, BuildState>(
    [...ctx.builds].map(([name, b]) => [name, { ok: b.ok, reason: b.ok ? undefined : b.skipped ? b.error : shortReason(b), blockedBy: b.blockedBy }]),
  );
  const out: { check: LabCheck; outcome: CheckOutcome }[] = [];
  for (const check of lab.checks) {
    checkAborted();
    const reason = notEvaluatedReason(check, order, states);
    const outcome = reason ? { passed: false, feedback: reason } : await runCheckEntry(ctx, check);
    emit({ type: 'check', id: check.id, passed: outcome.passed });
    out.push({ check, outcome });
  }
  return out;
}

function shortReason(b: BuildRecord): string {
  const at = b.failedStep ? `at line ${b.failedStep.line ?? `step ${b.failedStep.n}`}` : '';
  const err = (b.error ?? '').split('\n')[0];
  return [at, err.length > OUTPUT_CAPS.buildFailureReasonChars ? `${err.slice(0, OUTPUT_CAPS.buildFailureReasonChars - 1)}…` : err].filter(Boolean).join(': ');
}

async function buildRecord(docker: Docker, name: string, parsed: ParsedDockerfile, outcome: BuildOutcome, changedFiles: string[], preexisting: ReadonlySet<string>): Promise<{ record: BuildRecord; stepImageIds: string[] }> {
  let steps: StepRecord[];
  let stepImageIds: string[];
  try {
    ({ steps, stepImageIds } = await verifiedSteps(docker, parsed, outcome, preexisting));
  } catch (err) {
    throw new InfrastructureError(`cannot read the history of build ${name}: ${(err as Error).message}`, { cause: err });
  }
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
  if (!outcome.ok && outcome.stream.steps.length > 0) {
    const last = outcome.stream.steps[outcome.stream.steps.length - 1];
    const step = steps.find((s) => s.n === last.n);
    if (step) record.failedStep = { ...step, output: last.output };
  } else if (!outcome.ok && outcome.error) {
    // Rejected before any step (e.g. "dockerfile parse error line 4: unknown instruction: RUNN"):
    // name the instruction at that line.
    const m = /\bline (\d+)\b/i.exec(outcome.error);
    const line = m ? Number(m[1]) : undefined;
    const ins = line !== undefined ? parsed.instructions.find((i) => i.startLine <= line && line <= i.endLine) : undefined;
    if (ins) {
      record.failedStep = { n: ins.n, keyword: ins.keyword, instruction: ins.text, line: ins.startLine, stage: ins.stage, cached: false, verified: true, output: '' };
    }
  }
  return { record, stepImageIds };
}

/** The id printed after a FROM step is the base image (or an earlier stage): never ours to remove. */
function isFromStepId(outcome: BuildOutcome, parsed: ParsedDockerfile, id: string): boolean {
  const step = outcome.stream.steps.find((s) => s.imageId === id);
  if (!step) return false;
  const ins = parsed.instructions.find((i) => i.n === step.n);
  return (ins?.keyword ?? step.instruction.split(/\s+/)[0]?.toUpperCase()) === 'FROM';
}

function reportBuild(b: BuildRecord, parsed: ParsedDockerfile): GradeReportBuild {
  const multiStage = parsed.stages.length > 1;
  const shipped = new Set(shippedChain(parsed).stages);
  const out: GradeReportBuild = {
    name: b.name,
    ok: b.ok,
    durationMs: b.durationMs,
    steps: b.steps.map((s) => ({
      n: s.n,
      instruction: s.instruction,
      cached: s.cached,
      ...(s.line !== undefined ? { line: s.line } : {}),
      ...(multiStage && s.stage >= 0 ? { stage: parsed.stages[s.stage]?.name ?? `stage ${s.stage + 1}`, ships: shipped.has(s.stage) } : {}),
      ...(!b.ok && b.failedStep?.n === s.n ? { failed: true } : {}),
      durationMs: s.durationMs ?? 0,
      sizeBytes: s.sizeBytes ?? 0,
    })),
  };
  if (!b.ok) out.error = b.skipped ? b.error : describeBuildFailure(b, parsed);
  return out;
}

/** A graded result for a submission refused before any build: every check 0, with the reason. */
function refused(lab: Lab, reason: string, emit: (e: GradeEvent) => void, notEvaluated?: string): GradeReport {
  const buildCheck = lab.checks.find((c) => c.kind === 'build');
  const entries = lab.checks.map((check) => {
    const outcome: CheckOutcome = {
      passed: false,
      feedback:
        check.kind === 'build' || !buildCheck
          ? reason
          : (notEvaluated ?? `Not evaluated: the submission was refused before any build (see “${buildCheck.title}”).`),
    };
    emit({ type: 'check', id: check.id, passed: false });
    return { check, outcome };
  });
  const scored = scoreChecks(entries);
  return {
    lab: lab.id,
    ...scored,
    checks: withHelp(scored.checks, lab, []),
    builds: lab.builds.map((b) => ({ name: b.name, ok: false, durationMs: 0, steps: [], error: reason })),
    cacheDiffs: [],
    log: `${reason}\n`,
  };
}

function capText(text: string, cap: number): string {
  if (text.length <= cap) return text;
  const log = new CappedLog(Math.floor(cap / 4), Math.floor((cap * 3) / 4));
  log.append(text);
  return log.toString();
}
