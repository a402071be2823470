import type { z } from 'zod';
import type { Lab } from '../../lib/labs/loader';
import type { CheckKindDefinition } from '../../lib/labs/checks/types';
import type { LabCheck } from '../../lib/labs/schema';
import type { ParsedDockerfile } from '../dockerfile/parse';

/** What checks may ask of an image: a tiny driver, so checks never touch dockerode. */
export interface ImageDriver {
  workingDir(image: string): Promise<string>;
  pathExists(image: string, absPath: string): Promise<boolean>;
  run(image: string, req: RunRequest): Promise<RunResult>;
}

export interface RunRequest {
  cmd?: string[];
  timeoutSeconds: number;
  memoryMb?: number;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  oomKilled: boolean;
  durationMs: number;
  /** The container could not start (its command does not exist, …). */
  startError?: string;
}

export interface StepRecord {
  n: number;
  keyword: string;
  /** Instruction text as written (continuations joined). */
  instruction: string;
  line?: number;
  stage: number;
  cached: boolean;
  /** Cache state confirmed from the image history (see inspect/history.ts). */
  verified: boolean;
}

export interface BuildRecord {
  name: string;
  ok: boolean;
  /** Not attempted (an earlier build failed, or the submission was refused). */
  skipped: boolean;
  /** For a skipped build: the build whose failure stopped the grade. */
  blockedBy?: string;
  durationMs: number;
  error?: string;
  /** The step that was running when the build failed, with the tail of its output. */
  failedStep?: StepRecord & { output: string };
  imageId?: string;
  steps: StepRecord[];
  /** Context files this build's edits changed relative to the previous build (unstamped paths). */
  changedFiles: string[];
}

export interface CheckContext {
  lab: Lab;
  /** Builds by name, in lab order. */
  builds: Map<string, BuildRecord>;
  dockerfile: ParsedDockerfile;
  driver: ImageDriver;
  runTimeoutSeconds: number;
  memoryMb: number;
}

export interface CheckOutcome {
  passed: boolean;
  /** Partial credit; default: all points when passed, 0 otherwise. */
  points?: number;
  feedback: string;
}

export interface CheckKind<K extends LabCheck['kind'] = LabCheck['kind']> {
  kind: K;
  /** The kind's own options: the zod object the lab schema validates the entry with (lib/labs/checks). */
  optionsSchema: z.ZodObject<z.ZodRawShape>;
  definition: CheckKindDefinition;
  /** Evaluate the check; `check` is the whole validated entry (id, title, points, hint + options). */
  run(ctx: CheckContext, check: Extract<LabCheck, { kind: K }>): Promise<CheckOutcome>;
}
