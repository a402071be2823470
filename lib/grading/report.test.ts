import { describe, expect, it } from 'vitest';
import { GradeReportSchema, parseStoredReport, PublishedReportSchema, toStoredReport, type GradeReport } from './report';

const report = (): GradeReport => ({
  lab: 'cache-order',
  score: 60,
  maxScore: 100,
  checks: [
    { id: 'builds', title: 'Builds', passed: true, points: 20, maxPoints: 20, feedback: 'ok' },
    { id: 'cache', title: 'Cache', passed: false, points: 0, maxPoints: 40, feedback: 'rebuilt', help: { what: 'w', why: 'y', fix: 'f', lessonUrl: null } },
  ],
  builds: [
    { name: 'initial', ok: true, durationMs: 1200, steps: [{ n: 1, instruction: 'FROM layerlab/node:18', cached: true, line: 1, durationMs: 3, sizeBytes: 0 }] },
    { name: 'source-edit', ok: false, durationMs: 0, steps: [], error: 'not attempted' },
  ],
  cacheDiffs: [{ build: 'source-edit', previous: 'initial', changedFiles: ['src/app.js'], firstMiss: { n: 3, line: 3, instruction: 'COPY . .', cause: { kind: 'files', files: ['src/app.js'] } }, rebuilt: [], summary: 's' }],
  wasteMap: { build: 'initial', totalBytes: 10, imageBytes: 100, entries: [{ path: '/x', files: 1, bytes: 10, how: 'deleted', addedBy: { layer: 1, label: 'a' }, removedBy: { layer: 2, label: 'b' } }], more: 0 },
  log: '=== build initial ===\n',
  gradeId: 'abc123',
});

describe('the grade report contract (lib/grading/report.ts)', () => {
  it('a grade report parses strictly; the stored form is the report without its log', () => {
    expect(GradeReportSchema.parse(report())).toEqual(report());
    const stored = toStoredReport(report());
    expect(stored).not.toHaveProperty('log');
    expect(PublishedReportSchema.parse(stored)).toEqual(stored);
    expect(parseStoredReport(stored)).toEqual(stored);
  });

  it('strictly, a step without its timing or a waste entry with an unknown fate is refused', () => {
    const r = report();
    delete (r.builds[0].steps[0] as { durationMs?: number }).durationMs;
    expect(GradeReportSchema.safeParse(r).success).toBe(false);
    const w = report();
    (w.wasteMap!.entries[0] as { how: string }).how = 'moved';
    expect(GradeReportSchema.safeParse(w).success).toBe(false);
  });

  it('reads an older stored report leniently: missing analysis defaults, a broken part is dropped', () => {
    const old = { lab: 'x', score: 1, maxScore: 2, checks: [{ id: 'a', title: 'A', passed: true, points: 1, maxPoints: 1, feedback: '', help: 'not an object' }], builds: [{ name: 'b', ok: true, durationMs: 5, steps: [{ n: 1, instruction: 'FROM a', cached: true }] }], wasteMap: { build: 'b' } };
    const r = parseStoredReport(old)!;
    expect(r.cacheDiffs).toEqual([]);
    expect(r.wasteMap).toBeUndefined();
    expect(r.checks[0].help).toBeUndefined();
    expect(r.builds[0].steps[0].durationMs).toBeUndefined();
    expect(parseStoredReport({ lab: 'x' })).toBeNull();
    expect(parseStoredReport(null)).toBeNull();
  });
});
