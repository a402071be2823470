/**
 * Grade every known case of a lab (reference solution + wrong/<case>/ with expect.yaml) against the
 * real engine, one after the other, and compare each grade with its expectation — the same
 * comparison `npm run lab:check` makes, plus: no host path anywhere in the report (host-paths.ts).
 * Used by tests/integration/labs.test.ts for every lab folder.
 */
import type Docker from 'dockerode';
import { loadLab } from '../../grader/labs';
import { gradeSubmission, type GradeEvent, type GradeReport } from '../../grader/grade';
import { compareWithExpectation, labCases, readCaseFiles } from '../../grader/lab-check';
import { hostPathLeaks } from './host-paths';

export interface GradedCase {
  name: string;
  report: GradeReport;
  /** Differences from expect.yaml (empty = as expected). */
  problems: string[];
  ms: number;
}

export async function gradeLabCases(docker: Docker, labId: string): Promise<GradedCase[]> {
  const lab = await loadLab(labId);
  const out: GradedCase[] = [];
  for (const c of await labCases(lab)) {
    const events: GradeEvent[] = [];
    const t = Date.now();
    const report = await gradeSubmission({ labId, files: await readCaseFiles(c.dir), docker, allowAnyPath: true, onEvent: (e) => events.push(e) });
    // Every case of every lab also proves that no feedback, error or log line shows a host path.
    const problems = [...compareWithExpectation(report, c.expect, events.some((e) => e.type === 'build-start')), ...hostPathLeaks(report)];
    out.push({ name: c.name, report, problems, ms: Date.now() - t });
  }
  return out;
}

export const checkOf = (r: GradeReport, id: string) => {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};
