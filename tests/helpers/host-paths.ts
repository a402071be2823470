/**
 * No grade may show a path of the grading host (issue 7 item 7). `hostPathLeaks` searches a whole
 * JSON grade report — every check's feedback and help, every build error, the cache diffs, the waste
 * map and the log — for the data directory, the project directory, the engine's exec root and the
 * engine's build-context folders, and returns one sentence per leak (empty when clean).
 */
import path from 'node:path';
import { enginePaths } from '../../grader/engine/daemon';
import type { GradeReport } from '../../grader/grade';
import { dataDir, projectRoot } from '../../lib/env';

export function hostPathLeaks(report: GradeReport): string[] {
  const text = JSON.stringify(report);
  const needles = [dataDir(), path.resolve(projectRoot), enginePaths().execRoot, '/var/lib/docker', 'docker-builder'];
  const out: string[] = [];
  for (const needle of new Set(needles)) {
    const at = text.indexOf(needle);
    if (at >= 0) out.push(`the report shows the host path ${JSON.stringify(needle)}: …${text.slice(Math.max(0, at - 80), at + needle.length + 80)}…`);
  }
  return out;
}
