import type { LabSummary } from '../labs/loader';

/**
 * The labs (id, title, summary, lesson link) as lessons need them, read from disk at most once a
 * minute per process: lab folders change with a deploy, not per request, and parsing every
 * lab.yaml takes hundreds of milliseconds on a busy machine — too slow to repeat for each lesson
 * page regeneration (a lesson must show its update within a second).
 */
const TTL_MS = 60_000;
let cached: { at: number; labs: Promise<LabSummary[]> } | undefined;

export function labCatalog(): Promise<LabSummary[]> {
  if (!cached || Date.now() - cached.at > TTL_MS) {
    const labs = import('../labs/loader').then((m) => m.listLabs());
    cached = { at: Date.now(), labs };
    labs.catch(() => {
      if (cached?.labs === labs) cached = undefined;
    });
  }
  return cached.labs;
}

/** One lab's summary, or null. */
export async function labSummary(id: string): Promise<LabSummary | null> {
  return (await labCatalog()).find((l) => l.id === id) ?? null;
}
