/**
 * Known cases of a lab (reference solution, wrong/<case>/ and variants/<case>/, each with expect.yaml) and the comparison of a
 * grade with its expectation. Used by `npm run lab:check` and the integration tests.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ExpectSchema, type Expectation } from '../lib/labs/expect';
import type { Lab } from './labs';
import type { GradeReport } from './grade';

export interface LabCase {
  name: string;
  dir: string;
  expect: Expectation;
}

export class LabCaseError extends Error {}

export async function labCases(lab: Lab): Promise<LabCase[]> {
  const cases: LabCase[] = [];
  const solutionDir = path.join(lab.dir, 'solution');
  try {
    await fs.access(solutionDir);
  } catch {
    throw new LabCaseError(`labs/${lab.id}: missing solution/ (the reference solution must score ${lab.maxScore})`);
  }
  cases.push({ name: 'solution', dir: solutionDir, expect: { score: lab.maxScore, failing: [] } });
  // wrong/<case>/: known-wrong submissions; variants/<case>/: right-but-unusual ones that must score
  // full (an exec-form install, npm options before the verb, ...). Both carry an expect.yaml.
  for (const kind of ['wrong', 'variants'] as const) {
    const kindDir = path.join(lab.dir, kind);
    const entries = await fs.readdir(kindDir, { withFileTypes: true }).catch(() => []);
    for (const d of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = path.posix.join('labs', lab.id, kind, d.name, 'expect.yaml');
      let raw: unknown;
      try {
        raw = parseYaml(await fs.readFile(path.join(kindDir, d.name, 'expect.yaml'), 'utf8'));
      } catch (err) {
        throw new LabCaseError(`${rel}: ${(err as Error).message.split('\n')[0]}`);
      }
      const parsed = ExpectSchema.safeParse(raw);
      if (!parsed.success) {
        throw new LabCaseError(`${rel}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
      }
      if (kind === 'variants' && (parsed.data.score !== lab.maxScore || parsed.data.failing.length > 0)) {
        throw new LabCaseError(`${rel}: a variant is a right answer: score must be ${lab.maxScore} and failing empty`);
      }
      cases.push({ name: `${kind}/${d.name}`, dir: path.join(kindDir, d.name), expect: parsed.data });
    }
  }
  return cases;
}

/** A case directory's files (expect.yaml excluded): they overlay the starter files. */
export async function readCaseFiles(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (abs: string, prefix: string) => {
    for (const e of await fs.readdir(abs, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.name === '.git' || e.name === 'node_modules') continue;
      if (!prefix && e.name === 'expect.yaml') continue;
      if (e.isDirectory()) await walk(path.join(abs, e.name), rel);
      else if (e.isFile()) files[rel] = await fs.readFile(path.join(abs, e.name), 'utf8');
    }
  };
  await walk(dir, '');
  return files;
}

/** Differences between a grade and its expectation (empty = as expected). */
export function compareWithExpectation(report: GradeReport, expect: Expectation, builtAnything: boolean): string[] {
  const problems: string[] = [];
  if (report.score !== expect.score) problems.push(`score ${report.score}, expected ${expect.score}`);
  const failing = report.checks.filter((c) => !c.passed).map((c) => c.id).sort();
  const wanted = [...expect.failing].sort();
  const unknown = wanted.filter((id) => !report.checks.some((c) => c.id === id));
  if (unknown.length) problems.push(`expect.yaml names unknown checks: ${unknown.join(', ')}`);
  if (failing.join(',') !== wanted.join(',')) problems.push(`failing checks [${failing.join(', ')}], expected [${wanted.join(', ')}]`);
  for (const [id, text] of Object.entries(expect.feedbackContains ?? {})) {
    const c = report.checks.find((x) => x.id === id);
    if (!c || !c.feedback.includes(text)) problems.push(`feedback of ${id} does not contain ${JSON.stringify(text)}`);
  }
  if (expect.refused === true && builtAnything) problems.push('expected to be refused before any build, but a build ran');
  if (expect.refused === false && !builtAnything) problems.push('expected a build, but the submission was refused');
  return problems;
}
