/**
 * A grade session: the engine resources of one grade and their cleanup. It owns the per-grade nonce,
 * the per-grade cgroup, the image driver the checks use (its containers and extra builds), the tags
 * and intermediate images the builds make, and the grade's wall clock. `close()` releases all of it
 * and is called whatever happened (grade.ts calls it in `finally`); it never throws.
 */
import { randomBytes } from 'node:crypto';
import type { EngineClient as Docker } from '../engine/client';
import type { SandboxLimits } from '../../lib/grading/limits';
import { createGradeCgroup, type GradeCgroup } from '../engine/cgroup';
import { GRADE_TAG_PREFIX, removeGradeImages } from '../engine/cleanup';
import { DockerImageDriver } from '../engine/containers';
import { InfrastructureError } from '../errors';
import type { ImageDriver } from '../checks/types';

/** What a session releases at the end: the checks' driver (containers, extra builds). */
export interface SessionDriver extends ImageDriver {
  cleanup(): Promise<void>;
}

/** The engine-facing parts a session is made of (real ones by default; unit tests pass fakes). */
export interface SessionDeps {
  createCgroup(nonce: string, pidsMax: number): GradeCgroup;
  createDriver(o: { docker: Docker; nonce: string; cgroupParent?: string; limits: SandboxLimits; signal: AbortSignal }): SessionDriver;
  removeImages(docker: Docker, tags: readonly string[], intermediateIds: readonly string[], createdAfterMs: number): Promise<string[]>;
  log(message: string): void;
}

const REAL_DEPS: SessionDeps = {
  createCgroup: createGradeCgroup,
  createDriver: (o) => new DockerImageDriver({ docker: o.docker, nonce: o.nonce, cgroupParent: o.cgroupParent, memoryMb: o.limits.memoryMb, limits: o.limits, signal: o.signal }),
  removeImages: removeGradeImages,
  log: (m) => console.error(m),
};

/** A caller's grade id when it is a valid nonce ([a-z0-9-], at most 40), else 12 random hex digits. */
export function gradeNonce(requested?: string): string {
  return requested && /^[a-z0-9][a-z0-9-]{0,39}$/.test(requested) ? requested : randomBytes(6).toString('hex');
}

export class GradeSession {
  readonly nonce: string;
  /** When the session began (ms since the epoch): images created before it are never removed by it. */
  readonly startMs = Date.now();
  readonly driver: SessionDriver;
  readonly cgroupParent?: string;
  private readonly cgroup: GradeCgroup;
  private readonly ctl = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onOuterAbort = () => this.ctl.abort();
  private readonly tags: string[] = [];
  private readonly intermediateIds: string[] = [];
  private stoppedAtTimeLimit = false;
  private closed = false;

  /**
   * `signal`: the caller's cancellation. The grade's own wall clock (`limits.gradeTimeoutSeconds`)
   * aborts the session's signal too: the running build is aborted (the engine kills its step) and
   * nothing further starts.
   */
  constructor(
    readonly docker: Docker,
    readonly limits: SandboxLimits,
    private readonly outer: AbortSignal | undefined,
    gradeId?: string,
    private readonly deps: SessionDeps = REAL_DEPS,
  ) {
    this.nonce = gradeNonce(gradeId);
    this.cgroup = deps.createCgroup(this.nonce, limits.pidsPerGrade);
    this.cgroupParent = this.cgroup.parent;
    this.driver = deps.createDriver({ docker, nonce: this.nonce, cgroupParent: this.cgroup.parent, limits, signal: this.ctl.signal });
    outer?.addEventListener('abort', this.onOuterAbort, { once: true });
    this.timer = setTimeout(() => {
      this.stoppedAtTimeLimit = true;
      this.ctl.abort();
    }, limits.gradeTimeoutSeconds * 1000);
  }

  /** Aborted when the caller cancels or the grade's time limit passes. */
  get signal(): AbortSignal {
    return this.ctl.signal;
  }

  /** Was the grade stopped by its own time limit (and not cancelled by the caller)? Then it is graded. */
  get stoppedByTimeLimit(): boolean {
    return this.stoppedAtTimeLimit && !this.outer?.aborted;
  }

  /** Throws InfrastructureError when the grade was cancelled or stopped: nothing further may start. */
  checkAborted(): void {
    if (this.outer?.aborted || this.ctl.signal.aborted) throw new InfrastructureError('grading was cancelled');
  }

  /** The tag of a build of this grade (`layerlab-grade-<nonce>:<build>`), removed on close. */
  tagFor(build: string): string {
    const tag = `${GRADE_TAG_PREFIX}${this.nonce}:${build}`;
    this.tags.push(tag);
    return tag;
  }

  /** Image ids a build made that no tag holds (a failed build's chain): removed on close when this session made them. */
  trackIntermediates(ids: readonly string[]): void {
    this.intermediateIds.push(...ids);
  }

  /** Releases every engine resource of the grade. Safe to call twice; never throws (problems are logged). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
    const problems: string[] = [];
    await this.driver.cleanup().catch((e: Error) => problems.push(e.message));
    problems.push(...(await this.deps.removeImages(this.docker, this.tags, this.intermediateIds, this.startMs).catch((e: Error) => [e.message])));
    await this.cgroup.cleanup().catch((e: Error) => problems.push(e.message));
    if (problems.length) this.deps.log(`[grader] cleanup of grade ${this.nonce} left: ${problems.join('; ')}`);
  }
}
