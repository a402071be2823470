import { labExists, LabDefinitionError, listLabs, loadLab, type Lab } from '../labs/loader';

export type { Lab };

/**
 * The lab with this id, or null when there is none or its definition is broken (logged for the
 * author; students just do not see it). Ids are validated by the loader: no path traversal.
 */
export async function findLab(labId: string): Promise<Lab | null> {
  if (!(await labExists(labId))) return null;
  try {
    return await loadLab(labId);
  } catch (err) {
    if (err instanceof LabDefinitionError) {
      console.warn(`[labs] lab ${labId} is invalid: ${err.message}`);
      return null;
    }
    throw err;
  }
}

/** id → title for every (valid) lab, for tables and lists. */
export async function labTitles(): Promise<Map<string, string>> {
  const labs = await listLabs();
  return new Map(labs.map((l) => [l.id, l.title]));
}

/**
 * The files the editor shows: each `submit` entry that is a file, and for an entry that is a
 * folder of starter files, each file under it.
 */
export function editableFiles(lab: Pick<Lab, 'submit' | 'starterFiles'>): string[] {
  const out: string[] = [];
  for (const entry of lab.submit) {
    const prefix = entry.endsWith('/') ? entry : `${entry}/`;
    const under = lab.starterFiles.filter((f) => f.path.startsWith(prefix)).map((f) => f.path);
    if (under.length > 0) out.push(...under);
    else out.push(entry.replace(/\/$/, ''));
  }
  return [...new Set(out)];
}
