import { structuredPatch } from 'diff';

/** One line of a diff: kept (context), removed from the old text, or added in the new one. */
export interface DiffLine {
  kind: 'context' | 'removed' | 'added';
  text: string;
  /** 1-based line in the old text (context and removed lines). */
  oldLine?: number;
  /** 1-based line in the new text (context and added lines). */
  newLine?: number;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface TextDiff {
  hunks: DiffHunk[];
  added: number;
  removed: number;
}

/**
 * A line diff of two documents (jsdiff's structuredPatch, Myers' algorithm) with `context` unchanged
 * lines around each change, numbered on both sides. Equal texts give no hunks. Pure.
 */
export function diffTexts(oldText: string, newText: string, context = 3): TextDiff {
  const patch = structuredPatch('old', 'new', oldText, newText, '', '', { context });
  let added = 0;
  let removed = 0;
  const hunks = patch.hunks.map((h) => {
    let o = h.oldStart;
    let n = h.newStart;
    const lines: DiffLine[] = [];
    for (const raw of h.lines) {
      if (raw.startsWith('\\')) continue; // "\ No newline at end of file"
      const text = raw.slice(1);
      if (raw[0] === '+') {
        lines.push({ kind: 'added', text, newLine: n++ });
        added++;
      } else if (raw[0] === '-') {
        lines.push({ kind: 'removed', text, oldLine: o++ });
        removed++;
      } else {
        lines.push({ kind: 'context', text, oldLine: o++, newLine: n++ });
      }
    }
    return { oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines };
  });
  return { hunks, added, removed };
}
