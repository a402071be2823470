/**
 * What a grade takes and what it tells its caller while it runs (the stages of grade.ts share these).
 */
import type { EngineClient as Docker } from '../engine/client';
import type { SandboxLimits } from '../../lib/grading/limits';
import type { LoaderOptions } from '../labs';
import type { GradeReport } from '../../lib/grading/report';

/** Live progress of a grade (the worker stores it as the submission's progress; the CLI prints it). */
export type GradeEvent =
  | { type: 'build-start'; build: string }
  | { type: 'step'; build: string; n: number; total: number; instruction: string; cached: boolean }
  | { type: 'build-end'; build: string; ok: boolean; durationMs: number }
  | { type: 'check'; id: string; passed: boolean };

export type Emit = (e: GradeEvent) => void;

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
  /** Overrides of the sandbox limits (lib/grading/limits.ts: defaults, then the lab's, then these). */
  limits?: Partial<SandboxLimits>;
  /**
   * The grade's nonce, chosen by the caller (the worker encodes its owner in it so a start-up sweep
   * can tell a dead worker's leftovers from a live grade's); [a-z0-9-], at most 40 characters.
   * Default: 12 random hex digits.
   */
  gradeId?: string;
  /**
   * Called once the checks are scored, with the report so far (`layersPending: true`, no layer
   * explorer yet), before the images are read for the explorer: the worker saves the score at once
   * and the student sees it seconds earlier. gradeSubmission awaits it; what it throws fails the grade.
   */
  onScored?: (report: GradeReport) => Promise<void>;
}

/** `onEvent` made safe: a listener's failure must not fail the grade. */
export function emitterOf(onEvent: GradeInput['onEvent']): Emit {
  return (e) => {
    try {
      onEvent?.(e);
    } catch {
      /* ignored on purpose */
    }
  };
}
