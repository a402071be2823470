/**
 * Containers the checks need (read a path, run the image), always with network none, limits and a
 * label, and always removed. Implements the small driver interface checks talk to (checks/types.ts).
 */
import type Docker from 'dockerode';
import { InfrastructureError } from '../errors';
import { scrubHostPaths } from './engine-text';
import type { ExtraBuildRequest, ExtraBuildResult, ImageDriver, ImageHistoryEntry, ImageInfo, RunRequest, RunResult } from '../checks/types';
import { buildLimitsOf, runBuild } from './build';
import { DEFAULT_SANDBOX_LIMITS, hostConfig, type SandboxLimits } from './limits';
import { readImageModel, readImageModels, scanLayerContents, type ContentHook, type ImageModel } from '../inspect/image-archive';
import { GRADE_TAG_PREFIX, removeGradeImages } from './cleanup';
import { OUTPUT_CAPS } from '../../lib/grading/limits';

export const CONTAINER_LABEL = 'layerlab.grade';
/** stdout and stderr of a run, each (lib/grading/limits.ts). */
const OUTPUT_CAP = OUTPUT_CAPS.containerOutputBytes;

export interface DockerDriverOptions {
  docker: Docker;
  nonce: string;
  cgroupParent?: string;
  memoryMb: number;
  /** The grade's limits (engine/limits.ts); default DEFAULT_SANDBOX_LIMITS with `memoryMb`. */
  limits?: SandboxLimits;
  /** The grade's cancellation (GradeSession.signal): an image read in flight stops with it. */
  signal?: AbortSignal;
}

export class DockerImageDriver implements ImageDriver {
  private readonly created = new Set<string>();
  private readonly extraTags: string[] = [];
  private readonly extraIntermediates: string[] = [];
  private readonly createdAtMs = Date.now();
  constructor(private readonly o: DockerDriverOptions) {}

  private get limits(): SandboxLimits {
    return this.o.limits ?? { ...DEFAULT_SANDBOX_LIMITS, memoryMb: this.o.memoryMb };
  }

  /** Network none, memory = swap, pids, cpu, shm, no-new-privileges, CapDrop ALL, nofile (engine/limits.ts). */
  private hostConfig(memoryMb: number): Docker.HostConfig {
    return hostConfig({ ...this.limits, memoryMb }, this.o.cgroupParent) as Docker.HostConfig;
  }

  private async create(image: string, cmd: string[] | undefined, memoryMb: number, entrypointOverride?: string[]): Promise<Docker.Container> {
    try {
      const c = await this.o.docker.createContainer({
        Image: image,
        ...(cmd ? { Cmd: cmd } : {}),
        ...(entrypointOverride ? { Entrypoint: entrypointOverride } : {}),
        NetworkDisabled: true,
        Tty: false,
        AttachStdout: false,
        AttachStderr: false,
        Labels: { [CONTAINER_LABEL]: this.o.nonce },
        HostConfig: this.hostConfig(memoryMb),
      });
      this.created.add(c.id);
      return c;
    } catch (err) {
      throw infra('cannot create a container', err);
    }
  }

  async workingDir(image: string): Promise<string> {
    try {
      const info = await this.o.docker.getImage(image).inspect();
      return info.Config?.WorkingDir || '/';
    } catch (err) {
      throw infra('cannot inspect the image', err);
    }
  }

  async pathExists(image: string, absPath: string): Promise<boolean> {
    // Never started: the Entrypoint only makes creation valid for images without a CMD.
    const c = await this.create(image, ['/layerlab-never-started'], this.o.memoryMb, ['/layerlab-never-started']);
    try {
      const archive = (await c.getArchive({ path: absPath })) as unknown as NodeJS.ReadableStream & { destroy?: () => void };
      archive.destroy?.();
      return true;
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404) return false;
      throw infra(`cannot read ${absPath} from the image`, err);
    } finally {
      await this.remove(c.id);
    }
  }

  async run(image: string, req: RunRequest): Promise<RunResult> {
    const c = await this.create(image, req.cmd, req.memoryMb ?? this.o.memoryMb);
    const started = Date.now();
    try {
      try {
        await c.start();
      } catch (err) {
        // e.g. "exec: npm: executable file not found": the image's fault.
        const message = scrubHostPaths(((err as { json?: { message?: string } }).json?.message ?? (err as Error).message).replace(/^\(HTTP code \d+\)[^-]*- /, ''));
        if ((err as { statusCode?: number }).statusCode === 400 || /executable file not found|no such file|permission denied|OCI runtime/i.test(message)) {
          return { exitCode: 127, stdout: '', stderr: message, timedOut: false, oomKilled: false, durationMs: Date.now() - started, startError: message };
        }
        throw infra('cannot start the container', err);
      }
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      const waited = await Promise.race([
        c.wait() as Promise<{ StatusCode: number }>,
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), req.timeoutSeconds * 1000);
        }),
      ]);
      clearTimeout(timer);
      if (waited === undefined) {
        timedOut = true;
        try {
          await c.kill();
        } catch {
          /* already gone */
        }
      }
      const info = await c.inspect();
      const logs = (await c.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
      const { stdout, stderr } = demux(Buffer.isBuffer(logs) ? logs : Buffer.from(String(logs)));
      return {
        exitCode: info.State.ExitCode,
        stdout,
        stderr,
        timedOut,
        oomKilled: Boolean(info.State.OOMKilled),
        durationMs: Date.now() - started,
      };
    } catch (err) {
      if (err instanceof InfrastructureError) throw err;
      throw infra('the container run failed', err);
    } finally {
      await this.remove(c.id);
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.o.docker.getContainer(id).remove({ force: true, v: true });
      this.created.delete(id);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) this.created.delete(id);
    }
  }

  async inspectImage(image: string): Promise<ImageInfo> {
    let info: Docker.ImageInspectInfo;
    try {
      info = await this.o.docker.getImage(image).inspect();
    } catch (err) {
      throw infra(`cannot inspect the image ${image}`, err);
    }
    const c = (info.Config ?? {}) as Partial<Docker.ImageInspectInfo['Config']> & { ExposedPorts?: Record<string, unknown> | null };
    return {
      id: info.Id,
      size: info.Size,
      user: c.User ?? '',
      workingDir: c.WorkingDir ?? '',
      cmd: Array.isArray(c.Cmd) ? c.Cmd : null,
      entrypoint: Array.isArray(c.Entrypoint) ? c.Entrypoint : typeof c.Entrypoint === 'string' ? [c.Entrypoint] : null,
      env: c.Env ?? [],
      exposedPorts: Object.keys(c.ExposedPorts ?? {}),
      labels: (c.Labels ?? {}) as Record<string, string>,
      layers: info.RootFS?.Layers ?? [],
    };
  }

  async imageHistory(image: string): Promise<ImageHistoryEntry[]> {
    try {
      const raw = (await this.o.docker.getImage(image).history()) as { Id: string; Created: number; CreatedBy?: string; Size?: number }[];
      return raw.map((h) => ({ id: h.Id, created: h.Created, createdBy: h.CreatedBy ?? '', size: h.Size ?? 0 }));
    } catch (err) {
      throw infra(`cannot read the history of ${image}`, err);
    }
  }

  async scanImageContents(image: string, onChunk: ContentHook): Promise<ImageModel> {
    try {
      return await scanLayerContents(this.o.docker.getImage(image), onChunk);
    } catch (err) {
      throw infra(`cannot read the layers of ${image}`, err);
    }
  }

  async imageModel(image: string): Promise<ImageModel> {
    this.throwIfCancelled();
    try {
      return await readImageModel(this.o.docker.getImage(image));
    } catch (err) {
      throw infra(`cannot read the layers of ${image}`, err);
    }
  }

  /**
   * Several images in ONE `docker save` (`GET /images/get?names=…&names=…`): layers the images share
   * are written once, so all of a grade's final images cost about one image's read.
   */
  async imageModels(images: string[], onContent?: ContentHook): Promise<ImageModel[]> {
    this.throwIfCancelled();
    try {
      // dockerode's typings lack getImages; the API is GET /images/get with repeated `names`.
      const save = (this.o.docker as unknown as { getImages(o: { names: string[]; abortSignal?: AbortSignal }): Promise<NodeJS.ReadableStream> }).getImages({ names: images, abortSignal: this.o.signal });
      return await readImageModels(() => save, { onContent });
    } catch (err) {
      throw infra(`cannot read the layers of ${images.join(', ')}`, err);
    }
  }

  /** The grade was cancelled (worker stopping, claim lost, time limit): no new read starts. */
  private throwIfCancelled(): void {
    if (this.o.signal?.aborted) throw new InfrastructureError('grading was cancelled');
  }

  /** A lab-owned build (e.g. a reference Dockerfile) in the grade's limits, removed in cleanup(). */
  async buildExtra(req: ExtraBuildRequest): Promise<ExtraBuildResult> {
    const tag = `${GRADE_TAG_PREFIX}${this.o.nonce}:extra-${req.name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
    this.extraTags.push(tag);
    const outcome = await runBuild({
      docker: this.o.docker,
      files: req.files,
      tag,
      limits: buildLimitsOf({ ...this.limits, memoryMb: this.o.memoryMb }, req.timeoutSeconds),
      cgroupParent: this.o.cgroupParent,
    });
    this.extraIntermediates.push(...outcome.stream.seenImageIds);
    return { ok: outcome.ok, imageId: outcome.imageId, error: outcome.error };
  }

  /** Remove every container this driver created that is still there, and its extra builds. */
  async cleanup(): Promise<void> {
    for (const id of [...this.created]) await this.remove(id);
    if (this.extraTags.length > 0) {
      const left = await removeGradeImages(this.o.docker, this.extraTags, this.extraIntermediates, this.createdAtMs).catch((e: Error) => [e.message]);
      if (left.length) console.error(`[grader] cleanup of extra builds left: ${left.join('; ')}`);
      this.extraTags.length = 0;
      this.extraIntermediates.length = 0;
    }
  }
}

function infra(what: string, err: unknown): InfrastructureError {
  return new InfrastructureError(`${what}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}

/** Split Docker's multiplexed log stream (8-byte frame headers) into stdout and stderr, capped. */
export function demux(buf: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let outLen = 0;
  let errLen = 0;
  let i = 0;
  while (i + 8 <= buf.length) {
    const type = buf[i];
    const size = buf.readUInt32BE(i + 4);
    const frame = buf.subarray(i + 8, i + 8 + size);
    i += 8 + size;
    if (type === 2) {
      if (errLen < OUTPUT_CAP) err.push(frame);
      errLen += frame.length;
    } else {
      if (outLen < OUTPUT_CAP) out.push(frame);
      outLen += frame.length;
    }
  }
  return {
    stdout: Buffer.concat(out).toString('utf8').slice(0, OUTPUT_CAP),
    stderr: Buffer.concat(err).toString('utf8').slice(0, OUTPUT_CAP),
  };
}
