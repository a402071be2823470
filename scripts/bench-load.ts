import type Docker from 'dockerode';
/** Placeholder until the load mode lands. */
export async function loadBench(_docker: Docker): Promise<string[]> {
  throw new Error('load mode: not written yet');
}
