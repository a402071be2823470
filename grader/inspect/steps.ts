/**
 * Reads what inspect/history.ts needs of a build's images (the history of the final image and of
 * each non-shipped stage's last image, through engine/image-ids.ts) and returns each step of a build
 * with its verified cache state, its Dockerfile line and stage, its duration and its layer size.
 */
import type { StepImages } from '../engine/image-ids';
import type { ParsedDockerfile } from '../../lib/dockerfile/parse';
import { shippedChain } from '../dockerfile/stages';
import type { BuildOutcome } from '../engine/build';
import type { StepRecord } from '../checks/types';
import { stepDurations } from '../report/timing';
import { decideCacheHits, mapStepsToHistory, type HistoryEntry, type PlannedStep } from './history';

async function readHistory(images: StepImages, imageId: string): Promise<HistoryEntry[] | undefined> {
  try {
    return await images.history(imageId);
  } catch {
    return undefined; // gone, or never existed (an id a RUN printed): those steps stay unverified
  }
}

/** Per stage, in stage order, the image id of its last mapped step. */
function lastImageOfEachStage(steps: readonly PlannedStep[], mapped: ReadonlyMap<number, HistoryEntry>): string[] {
  const last = new Map<number, string>();
  for (const s of steps) {
    const id = mapped.get(s.n)?.id;
    if (id?.startsWith('sha256:')) last.set(s.stage, id);
  }
  return [...last.entries()].sort((a, b) => a[0] - b[0]).map(([, id]) => id);
}

/** Of the step images that did not exist before the build, those the engine's cache restored. */
async function restoredImages(images: StepImages, ids: readonly string[], preexisting: ReadonlySet<string>): Promise<Set<string>> {
  const fresh = [...new Set(ids)].filter((id) => id.startsWith('sha256:') && !preexisting.has(id));
  const restored = new Set<string>();
  await Promise.all(
    fresh.map(async (id) => {
      if (await images.restoredByCache(id)) restored.add(id);
    }),
  );
  return restored;
}

/** A build's steps with their cache state, and the last image of each stage, read from the engine. */
export interface VerifiedBuild {
  steps: StepRecord[];
  /**
   * Per stage that built something, in stage order: the full id of its last step's image, as the
   * engine's history names it (never as the build output prints it). With the final image, what
   * later builds of the grade may take cache hits from (`cachefrom`, grading/build.ts).
   */
  stageImageIds: string[];
}

/**
 * Each reached step of a build with its cache decision. `preexisting`: the engine's image ids listed
 * just before the build began (engine/image-ids.ts). Throws only what the engine throws for the final
 * image's history (an infrastructure fault for the caller).
 */
export async function verifiedSteps(images: StepImages, parsed: ParsedDockerfile, outcome: BuildOutcome, preexisting: ReadonlySet<string>): Promise<VerifiedBuild> {
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
  const built = (p: PlannedStep) => p.keyword !== 'FROM' && p.stage >= 0;

  const mapped = new Map<number, HistoryEntry>();
  // 1. The shipped stages, from the final image's own history (its id came from the engine).
  const chain = new Set(shippedChain(parsed).stages);
  if (outcome.ok && outcome.imageId) {
    const entries = await images.history(outcome.imageId);
    for (const [n, e] of mapStepsToHistory(reached.filter((p) => built(p) && chain.has(p.stage)), entries) ?? []) mapped.set(n, e);
  }
  // 2. Every other stage (or every stage of a failed build): the history of the last image the
  //    build stream named for it, cross-checked against the stage's own instructions.
  const idOf = new Map(streamSteps.map((s) => [s.n, s.imageId]));
  const stages = [...new Set(reached.filter(built).map((p) => p.stage))];
  await Promise.all(
    stages.map(async (st) => {
      const own = reached.filter((p) => p.stage === st && built(p) && !mapped.has(p.n));
      const last = own.map((p) => idOf.get(p.n)).findLastIndex((id) => id !== undefined);
      if (last < 0) return;
      const history = await readHistory(images, idOf.get(own[last].n)!);
      for (const [n, e] of (history && mapStepsToHistory(own.slice(0, last + 1), history)) ?? []) mapped.set(n, e);
    }),
  );

  const stepImageIds = [...mapped.values()].map((e) => e.id).filter((id) => id.startsWith('sha256:'));
  const decisions = decideCacheHits({
    plan: reached,
    mapped,
    preexisting,
    restored: await restoredImages(images, stepImageIds, preexisting),
    streamSteps: streamSteps.map((s) => ({ n: s.n, cached: s.cached, imageId: s.imageId })),
  });
  const streamByN = new Map(streamSteps.map((s) => [s.n, s]));
  const durations = stepDurations(streamSteps.map((s) => ({ n: s.n, startMs: s.startMs })), outcome.endMs);
  const steps = reached.map((p, i): StepRecord => {
    const d = decisions[i];
    // The step that failed did not complete: it was not cached whatever the output said.
    const failed = !outcome.ok && p.n === streamSteps.length;
    return {
      n: p.n,
      keyword: p.keyword,
      // The Dockerfile as the student wrote it.
      instruction: useParse ? p.instruction : (streamByN.get(p.n)?.instruction ?? p.instruction),
      line: p.line,
      stage: p.stage,
      cached: failed ? false : d.cached,
      verified: failed ? true : d.verified,
      durationMs: durations.get(p.n) ?? 0,
      sizeBytes: mapped.get(p.n)?.sizeBytes ?? 0,
    };
  });
  return { steps, stageImageIds: lastImageOfEachStage(reached.filter(built), mapped) };
}
