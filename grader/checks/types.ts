import type { Lab } from '../labs';
import type { ParsedDockerfile } from '../../lib/dockerfile/parse';
import type { ImageAnalysis } from '../inspect/analysis';
import type { ContentHook, ImageModel } from '../inspect/image-archive';

/** What checks may ask of an image: a tiny driver, so checks never touch dockerode. */
export interface ImageDriver {
  workingDir(image: string): Promise<string>;
  pathExists(image: string, absPath: string): Promise<boolean>;
  run(image: string, req: RunRequest): Promise<RunResult>;
  /** Image size and config (DockerImageDriver implements it; test fakes may omit it). */
  inspectImage?(image: string): Promise<ImageInfo>;
  /** `docker history`, newest first (DockerImageDriver implements it). */
  imageHistory?(image: string): Promise<ImageHistoryEntry[]>;
  /**
   * Build a lab-owned context (e.g. a reference Dockerfile) inside the grade's limits; the driver tags
   * it as part of the grade and removes it in cleanup() (DockerImageDriver implements it).
   */
  buildExtra?(req: ExtraBuildRequest): Promise<ExtraBuildResult>;
  /** Stream every file of every layer (deleted ones included) to `onChunk`; returns the image model. */
  scanImageContents?(image: string, onChunk: ContentHook): Promise<ImageModel>;
  /** The image model from `docker save`, file headers only (see inspect/image-archive.ts; DockerImageDriver implements it). */
  imageModel?(image: string): Promise<ImageModel>;
  /**
   * The models of several images from ONE `docker save` (shared layers read once), with file contents
   * streamed to `onContent` when given (DockerImageDriver implements it).
   */
  imageModels?(images: string[], onContent?: ContentHook): Promise<ImageModel[]>;
}

export interface ImageInfo {
  id: string;
  /** Bytes of all layers, base image included (`docker image inspect .Size`). */
  size: number;
  user: string;
  workingDir: string;
  cmd: string[] | null;
  entrypoint: string[] | null;
  env: string[];
  exposedPorts: string[];
  labels: Record<string, string>;
  /** RootFS layer digests, oldest first. */
  layers: string[];
}

export interface ImageHistoryEntry {
  id: string;
  createdBy: string;
  size: number;
  /** Unix seconds. */
  created: number;
}

export interface ExtraBuildRequest {
  /** Short name for the tag, [a-z0-9-]. */
  name: string;
  files: Map<string, string>;
  timeoutSeconds: number;
}

export interface ExtraBuildResult {
  ok: boolean;
  imageId?: string;
  error?: string;
}

/** What reached the engine for one build (after .dockerignore). */
export interface BuildContextSummary {
  /** Files sent, with their sizes. */
  sent: { path: string; bytes: number }[];
  /** Context files .dockerignore left out. */
  ignored: string[];
  files: number;
  bytes: number;
  /** Lines of .dockerignore that do something else than they seem to (lib/dockerfile/dockerignore.ts). */
  dockerignore?: { notes: { line: number; message: string }[]; errors: { line: number; message: string }[] };
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
  /** Wall time of the step: from its header in the build output to the next one (or the build's end). */
  durationMs?: number;
  /** Bytes of the layer the step committed (image history `Size`; 0 for metadata-only steps and FROM). */
  sizeBytes?: number;
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
  /**
   * Context files this build's edits changed relative to the previous build (unstamped paths) that
   * the build sent to the engine: an edited file .dockerignore left out changes no cache key.
   */
  changedFiles: string[];
  /** What was sent to the engine (absent for builds that were not attempted). */
  context?: BuildContextSummary;
}

export interface CheckContext {
  lab: Lab;
  /** Builds by name, in lab order. */
  builds: Map<string, BuildRecord>;
  dockerfile: ParsedDockerfile;
  driver: ImageDriver;
  runTimeoutSeconds: number;
  memoryMb: number;
  /** The per-grade nonce (also derives the per-grade secret, see grader/secret.ts). */
  nonce?: string;
  /**
   * The analysis of a built image (its model, fates and waste), made at most once per grade and
   * image and shared by the checks and the report (inspect/analysis.ts; grading/analyse.ts).
   * Absent in contexts without an engine (unit tests): checks/layers-view.ts then makes its own.
   * Every successful build's final image is read in one `docker save` right after the builds, with
   * the content search the checks ask for (CheckKindSpec.contentNeedles; grading/analyse.ts).
   */
  imageAnalysis?: (imageId: string) => Promise<ImageAnalysis>;
}

export interface CheckOutcome {
  passed: boolean;
  /** Partial credit; default: all points when passed, 0 otherwise. */
  points?: number;
  feedback: string;
  /**
   * A check that recognised the specific cause (e.g. a well-known build failure, report/
   * build-failure-causes.ts) overrides its kind's generic why/fix in the report's help.
   */
  help?: { why?: string; fix?: string };
}
