/**
 * Stage 1, preflight (pure, no engine): is the submission something the grader will build at all?
 * File names and sizes, a non-empty Dockerfile, its shape (instruction count, …), the allowed base
 * images, a .dockerignore Docker's client would accept. A refusal is a graded result (every check 0,
 * with the reason), never an error.
 */
import { resolveSandboxLimits, type SandboxLimits } from '../../lib/grading/limits';
import type { Lab } from '../labs';
import { overlay, submissionProblems, type ContextFiles } from '../context';
import { parseDockerfile, type ParsedDockerfile } from '../../lib/dockerfile/parse';
import { checkImagePolicy, dockerfileShapeProblems } from '../dockerfile/policy';
import { dockerignoreRefusals } from '../../lib/dockerfile/dockerignore';
import type { GradeInput } from './types';

/** What the later stages grade: the lab, the first build's files, the Dockerfile and the grade's limits. */
export interface GradePlan {
  lab: Lab;
  /** The lab's starter files overlaid with the submission (before any build's edits). */
  files: ContextFiles;
  /** The Dockerfile as submitted. */
  dockerfile: string;
  parsed: ParsedDockerfile;
  limits: SandboxLimits;
}

export type Preflight = { ok: true; plan: GradePlan } | { ok: false; reason: string };

/** The plan of the grade, or the reason the submission is refused before any build. */
export function preflight(lab: Lab, input: Pick<GradeInput, 'files' | 'allowAnyPath' | 'limits'>): Preflight {
  const problems = submissionProblems(input.files, lab.submit, input.allowAnyPath);
  if (problems.length) return { ok: false, reason: `The submission was rejected: ${problems.join(' ')}` };
  const files = overlay(lab.starterFiles, input.files);
  const dockerfile = files.get('Dockerfile');
  if (dockerfile === undefined || dockerfile.trim() === '') return { ok: false, reason: 'No Dockerfile was submitted (or it is empty).' };
  const limits = resolveSandboxLimits(lab.effectiveLimits, input.limits);
  const parsed = parseDockerfile(dockerfile);
  const shape = dockerfileShapeProblems(dockerfile, parsed, limits.maxInstructions);
  if (shape.length) return { ok: false, reason: `Refused before building: ${shape.join(' ')}` };
  const violations = checkImagePolicy(parsed, lab.allowedBaseImages);
  if (violations.length) return { ok: false, reason: `Refused before building: ${violations.map((v) => v.message).join(' ')}` };
  // A .dockerignore Docker's client would not build with at all (lib/dockerfile/dockerignore.ts).
  const ignoreRefusals = dockerignoreRefusals(files.get('.dockerignore'));
  if (ignoreRefusals.length) return { ok: false, reason: `Refused before building: ${ignoreRefusals.join(' ')}` };
  return { ok: true, plan: { lab, files, dockerfile, parsed, limits } };
}
