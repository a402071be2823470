/**
 * npm run grade -- <lab-id> <Dockerfile | directory> [--json]
 * npm run lab:check -- <lab-id>
 * npm run lab:schema              (writes labs/lab.schema.json, the JSON Schema of lab.yaml; `schema` prints it)
 *
 * stdout carries only the result (with --json exactly one JSON document); progress goes to stderr.
 * Exit codes: 0 grading completed (whatever the score) / lab check passed; 1 lab check mismatch or
 * invalid lab definition; 2 usage error (unknown lab, missing path); 3 the engine is unusable.
 */
import { promises as fs } from 'node:fs';
import { LabDefinitionError, labExists, listLabs } from '../lib/labs/loader';
import { LAB_JSON_SCHEMA_FILE, labJsonSchema, loadLab, type Lab } from './labs';
import type { EngineClient as Docker } from './engine/client';
import { ensureBaseImages } from './engine/base-images';
import { EngineUnavailableError, ensureEngine } from './engine/daemon';
import { gradeSubmission, InfrastructureError, type GradeEvent } from './grade';
import { compareWithExpectation, LabCaseError, labCases, readCaseFiles } from './lab-check';
import { reportJson, reportText } from './report/text';

class UsageError extends Error {}
class CheckFailed extends Error {}

const USAGE = `usage:
  npm run grade -- <lab-id> <path to a Dockerfile or a directory> [--json]
  npm run lab:check -- <lab-id>
  npm run lab:schema   (writes labs/lab.schema.json)`;

const t0 = Date.now();
const progress = (msg: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);

/** Everything but the result goes to stderr, even a stray console.log from a dependency. */
function keepStdoutClean(): void {
  const toStderr = (...args: unknown[]) => process.stderr.write(`${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}

async function requireLab(id: string | undefined): Promise<Lab> {
  if (!id) throw new UsageError(`missing <lab-id>\n${USAGE}`);
  if (!(await labExists(id))) {
    const known = (await listLabs({ onInvalid: () => {} })).map((l) => l.id);
    throw new UsageError(`unknown lab "${id}"${known.length ? ` (available: ${known.join(', ')})` : ''}`);
  }
  return loadLab(id);
}

/** A Dockerfile → {Dockerfile}; a directory → its files (they replace the starter's). */
async function readSubmission(p: string): Promise<Record<string, string>> {
  let st;
  try {
    st = await fs.stat(p);
  } catch {
    throw new UsageError(`no such file or directory: ${p}`);
  }
  if (st.isFile()) return { Dockerfile: await fs.readFile(p, 'utf8') };
  if (!st.isDirectory()) throw new UsageError(`not a file or directory: ${p}`);
  const files = await readCaseFiles(p);
  if (Object.keys(files).length === 0) throw new UsageError(`directory is empty: ${p}`);
  return files;
}

async function engine(): Promise<Docker> {
  const docker = await ensureEngine({ onProgress: progress });
  await ensureBaseImages(docker, { onProgress: progress });
  return docker;
}

function onEvent(prefix = ''): (e: GradeEvent) => void {
  return (e) => {
    if (e.type === 'build-start') progress(`${prefix}build ${e.build}…`);
    else if (e.type === 'step') progress(`${prefix}  ${e.build} step ${e.n}/${e.total} ${/^FROM\s/i.test(e.instruction) ? 'BASE  ' : e.cached ? 'CACHED' : 'BUILT '} ${e.instruction}`);
    else if (e.type === 'build-end') progress(`${prefix}build ${e.build} ${e.ok ? 'ok' : 'FAILED'} in ${(e.durationMs / 1000).toFixed(1)} s`);
    else progress(`${prefix}check ${e.id}: ${e.passed ? 'pass' : 'FAIL'}`);
  };
}

async function cmdGrade(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const rest = args.filter((a) => a !== '--json');
  const unknownFlag = rest.find((a) => a.startsWith('--'));
  if (unknownFlag) throw new UsageError(`unknown option ${unknownFlag}\n${USAGE}`);
  if (rest.length !== 2) throw new UsageError(USAGE);
  const [labId, subPath] = rest;
  const lab = await requireLab(labId);
  const files = await readSubmission(subPath);
  const docker = await engine();
  const started = Date.now();
  const report = await gradeSubmission({ labId: lab.id, files, docker, onEvent: onEvent(), allowAnyPath: true });
  progress(`graded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${report.score}/${report.maxScore}`);
  process.stdout.write(json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : reportText(report, { color: process.stdout.isTTY }));
}

interface CaseResult {
  name: string;
  ok: boolean;
  problems: string[];
  score: string;
  seconds: number;
}

async function cmdLabCheck(args: string[]): Promise<void> {
  if (args.length !== 1) throw new UsageError(USAGE);
  const lab = await requireLab(args[0]);
  progress(`${lab.id}: definition valid (${lab.builds.length} builds, ${lab.checks.length} checks, ${lab.maxScore} points)`);
  const docker = await engine();

  const cases = await labCases(lab);

  const results: CaseResult[] = [];
  const predicted = { compared: 0, agreed: 0 };
  for (const c of cases) {
    const started = Date.now();
    let built = false;
    const ev = onEvent(`${c.name}: `);
    const report = await gradeSubmission({
      labId: lab.id,
      files: await readCaseFiles(c.dir),
      docker,
      allowAnyPath: true,
      onEvent: (e) => {
        if (e.type === 'build-start') built = true;
        ev(e);
      },
    });
    const problems = compareWithExpectation(report, c.expect, built);
    predicted.compared += report.prediction?.compared ?? 0;
    predicted.agreed += report.prediction?.agreed ?? 0;
    for (const m of report.prediction?.mismatches ?? []) {
      progress(`${c.name}: prediction differs at build ${m.build} step ${m.n} \`${m.instruction}\`: predicted ${m.predictedCached ? 'cached' : 'rebuilt'}, engine ${m.engineCached ? 'cached' : 'rebuilt'}`);
    }
    const seconds = (Date.now() - started) / 1000;
    results.push({ name: c.name, ok: problems.length === 0, problems, score: `${report.score}/${report.maxScore}`, seconds });
    if (problems.length) {
      progress(`${c.name}: MISMATCH — ${problems.join('; ')}`);
      for (const k of report.checks.filter((x) => !x.passed)) progress(`  ${k.id}: ${k.feedback.split('\n')[0]}`);
    }
  }
  const width = Math.max(...results.map((r) => r.name.length));
  const lines = results.map((r) => `${r.ok ? 'ok      ' : 'MISMATCH'}  ${r.name.padEnd(width)}  ${r.score.padStart(7)}  ${r.seconds.toFixed(1)} s${r.ok ? '' : `\n          ${r.problems.join('\n          ')}`}`);
  process.stdout.write(`lab ${lab.id}: ${results.filter((r) => r.ok).length}/${results.length} cases as expected\n${lines.join('\n')}\n`);
  // The cache predictor (lib/build-cache/predict.ts) against the engine, builds after the first.
  process.stdout.write(
    lab.builds.length > 1
      ? `lab ${lab.id}: cache prediction right for ${predicted.agreed}/${predicted.compared} steps across ${results.length} cases\n`
      : `lab ${lab.id}: cache prediction: one build only, no later build to compare\n`,
  );
  if (results.some((r) => !r.ok)) throw new CheckFailed('');
}

/** `schema` prints the JSON Schema of lab.yaml; `schema --write` (npm run lab:schema) writes it to LAB_JSON_SCHEMA_FILE. */
async function cmdSchema(args: string[]): Promise<void> {
  const text = `${JSON.stringify(labJsonSchema(), null, 2)}\n`;
  if (args.length === 0) process.stdout.write(text);
  else if (args.length === 1 && args[0] === '--write') {
    await fs.writeFile(LAB_JSON_SCHEMA_FILE, text);
    progress(`wrote ${LAB_JSON_SCHEMA_FILE}`);
  } else throw new UsageError(USAGE);
}

async function main(argv: string[]): Promise<number> {
  keepStdoutClean();
  const [cmd, ...args] = argv;
  try {
    if (cmd === 'grade') await cmdGrade(args);
    else if (cmd === 'lab-check') await cmdLabCheck(args);
    else if (cmd === 'schema') await cmdSchema(args);
    else throw new UsageError(USAGE);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (err instanceof CheckFailed || err instanceof LabCaseError) {
      if (err.message) process.stderr.write(`lab check failed: ${err.message}\n`);
      return 1;
    }
    if (err instanceof LabDefinitionError) {
      process.stderr.write(`invalid lab: ${err.message}\n`);
      return 1;
    }
    if (err instanceof EngineUnavailableError || err instanceof InfrastructureError) {
      process.stderr.write(`grader engine unusable: ${err.message.split('\n')[0]}\n`);
      return 3;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(70);
  },
);
