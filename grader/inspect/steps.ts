/**
 * Collects what inspect/history.ts needs from the engine (history, image times) and returns each
 * step of a build with its verified cache state and its Dockerfile line.
 */
import type Docker from 'dockerode';
import type { ParsedDockerfile } from '../dockerfile/parse';
import type { BuildOutcome } from '../engine/build';
import type { StepRecord } from '../checks/types';
import { stepDurations } from '../report/timing';
import { decideCacheHits, parseDockerTime, shortId, type HistoryEntry, type ImageTime, type PlannedStep } from './history';

export async function verifiedSteps(docker: Docker, parsed: ParsedDockerfile, outcome: BuildOutcome): Promise<StepRecord[]> {
  const streamSteps = outcome.stream.steps;
  const total = outcome.stream.total;
  // Our parse numbers steps like the classic builder; if the counts disagree, follow the builder.
  const useParse = total === undefined || total === parsed.instructions.length;
  let stage = -1;
  const plan: (PlannedStep & { instruction: string; line?: number })[] = useParse
    ? parsed.instructions.map((i) => ({ n: i.n, keyword: i.keyword, stage: i.stage, instruction: i.text, line: i.startLine }))
    : streamSteps.map((s) => {
        const keyword = (s.instruction.split(/\s+/)[0] ?? '').toUpperCase();
        if (keyword === 'FROM') stage++;
        const match = parsed.instructions.find((i) => i.text === s.instruction.trim());
        return { n: s.n, keyword, stage, instruction: s.instruction, line: match?.startLine };
      });
  const reached = outcome.ok ? plan : plan.filter((p) => p.n <= streamSteps.length);
  const finalStage = Math.max(-1, ...plan.map((p) => p.stage));

  let history: HistoryEntry[] = [];
  let finalSizes: number[] | undefined;
  if (outcome.ok && outcome.imageId) {
    const raw = (await docker.getImage(outcome.imageId).history()) as { Id: string; Created: number; CreatedBy: string; Size?: number }[];
    history = raw.map((h) => ({ id: h.Id, createdSec: h.Created, createdBy: h.CreatedBy ?? '' }));
    finalSizes = raw.map((h) => (typeof h.Size === 'number' ? h.Size : 0));
  }
  const finalCount = reached.filter((p) => p.stage === finalStage && p.keyword !== 'FROM').length;
  const ids = new Set<string>();
  for (const h of history.slice(0, finalCount)) if (h.id.startsWith('sha256:')) ids.add(shortId(h.id));
  for (const s of streamSteps) if (s.imageId) ids.add(shortId(s.imageId));
  const images = new Map<string, ImageTime>();
  await Promise.all(
    [...ids].map(async (id) => {
      try {
        const info = await docker.getImage(id).inspect();
        const createdMs = parseDockerTime(info.Created);
        const cmd = info.ContainerConfig?.Cmd;
        if (createdMs !== undefined) images.set(id, { createdMs, createdBy: Array.isArray(cmd) ? cmd.join(' ') : undefined });
      } catch {
        /* gone or never existed (a faked id): stays unverified */
      }
    }),
  );
  const decisions = decideCacheHits({
    plan: reached,
    finalStage,
    history,
    images,
    streamSteps: streamSteps.map((s) => ({ n: s.n, cached: s.cached, imageId: s.imageId })),
    buildStartMs: outcome.startMs,
  });
  const streamByN = new Map(streamSteps.map((s) => [s.n, s]));
  const durations = stepDurations(streamSteps.map((s) => ({ n: s.n, startMs: s.startMs })), outcome.endMs);
  const sizes = await layerSizes(docker, reached, streamSteps, finalStage, finalSizes);
  return reached.map((p, i) => {
    const d = decisions[i];
    // The step that failed did not complete: it was not cached whatever the output said.
    const failed = !outcome.ok && p.n === streamSteps.length;
    return {
      n: p.n,
      keyword: p.keyword,
      // The Dockerfile as the student wrote it (the engine saw per-grade FROM references).
      instruction: useParse ? p.instruction : (streamByN.get(p.n)?.instruction ?? p.instruction),
      line: p.line,
      stage: p.stage,
      cached: failed ? false : d.cached,
      verified: failed ? true : d.verified,
      durationMs: durations.get(p.n) ?? 0,
      sizeBytes: sizes.get(p.n) ?? 0,
    };
  });
}

/**
 * Bytes of each step's layer, from image history `Size` (newest first): the final stage's steps are
 * the top entries of the final image's history; an earlier stage's are the top entries of the history
 * of that stage's last step image (its id from the build output). FROM steps and steps that cannot be
 * mapped get no entry (reported as 0).
 */
async function layerSizes(
  docker: Docker,
  reached: readonly PlannedStep[],
  streamSteps: readonly { n: number; imageId?: string }[],
  finalStage: number,
  finalSizes: number[] | undefined,
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const idOf = new Map(streamSteps.map((s) => [s.n, s.imageId]));
  const stages = [...new Set(reached.map((p) => p.stage))].filter((s) => s >= 0);
  await Promise.all(
    stages.map(async (stage) => {
      const own = reached.filter((p) => p.stage === stage && p.keyword !== 'FROM');
      let sizes: number[] | undefined;
      let mapped = own;
      if (stage === finalStage && finalSizes) sizes = finalSizes;
      else {
        // The last step of the stage that reported an image id.
        const lastIdx = own.map((p) => idOf.get(p.n)).findLastIndex((id) => id !== undefined);
        if (lastIdx < 0) return;
        mapped = own.slice(0, lastIdx + 1);
        try {
          const raw = (await docker.getImage(idOf.get(mapped[lastIdx].n)!).history()) as { Size?: number }[];
          sizes = raw.map((h) => (typeof h.Size === 'number' ? h.Size : 0));
        } catch {
          return; // removed already: sizes unknown
        }
      }
      if (!sizes || mapped.length > sizes.length) return;
      const top = sizes.slice(0, mapped.length).reverse();
      mapped.forEach((p, i) => out.set(p.n, top[i]));
    }),
  );
  return out;
}
