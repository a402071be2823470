/** Formatting of a GradeReport for people (CLI) and for machines (--json). */
import { PublishedReportSchema, type GradeReport, type PublishedReport } from '../../lib/grading/report';
import { formatBytes } from '../../lib/format';

/**
 * The documented JSON shape (issue 2: lab, score, maxScore, checks[id,title,passed,points,maxPoints,
 * feedback], builds[name,ok,durationMs,steps[n,instruction,cached]]) plus the student report's
 * additions: per step line/stage/ships/durationMs/sizeBytes, per failing check `help`, `cacheDiffs`, `wasteMap`, `layers` (the layer explorer).
 * No log, no grade id. The shape is the report contract's published report (lib/grading/report.ts),
 * checked before it is printed; a mismatch is the grader's bug and throws.
 */
export function reportJson(r: GradeReport): PublishedReport {
  const out = {
    lab: r.lab,
    score: r.score,
    maxScore: r.maxScore,
    checks: r.checks.map((c) => ({
      id: c.id,
      title: c.title,
      passed: c.passed,
      points: c.points,
      maxPoints: c.maxPoints,
      feedback: c.feedback,
      ...(c.help ? { help: c.help } : {}),
    })),
    builds: r.builds.map((b) => ({
      name: b.name,
      ok: b.ok,
      durationMs: b.durationMs,
      steps: b.steps.map((s) => ({ n: s.n, instruction: s.instruction, cached: s.cached, line: s.line ?? null, ...(s.stage !== undefined ? { stage: s.stage, ships: s.ships } : {}), ...(s.failed ? { failed: true } : {}), durationMs: s.durationMs, sizeBytes: s.sizeBytes })),
      ...(b.error ? { error: b.error } : {}),
    })),
    cacheDiffs: r.cacheDiffs ?? [],
    ...(r.wasteMap ? { wasteMap: r.wasteMap } : {}),
    ...(r.layers ? { layers: r.layers } : {}),
  };
  PublishedReportSchema.parse(out);
  return out;
}

const safeDecode = (url: string) => {
  try {
    return decodeURI(url).replace(/%23/g, '#');
  } catch {
    return url;
  }
};

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const indent = (text: string, pad: string) => text.split('\n').map((l) => pad + l).join('\n');

export function reportText(r: GradeReport, opts: { color?: boolean } = {}): string {
  const c = (code: string, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out: string[] = [];
  out.push(c('1', `${r.lab}: ${r.score}/${r.maxScore} points`));
  out.push('');
  for (const b of r.builds) {
    const state = b.ok ? c('32', 'ok') : c('31', b.steps.length || b.durationMs ? 'FAILED' : 'not built');
    out.push(`Build ${c('1', b.name)} — ${state}${b.durationMs ? `, ${(b.durationMs / 1000).toFixed(1)} s` : ''}`);
    const width = Math.max(0, ...b.steps.map((s) => Math.min(60, s.instruction.length)));
    for (const s of b.steps) {
      const ins = s.instruction.length > 60 ? `${s.instruction.slice(0, 59)}…` : s.instruction;
      const base = /^FROM\s/i.test(s.instruction);
      const tag = s.failed ? c('31', 'FAILED') : base ? c('2', 'BASE  ') : s.cached ? c('36', 'CACHED') : c('33', 'BUILT ');
      const line = s.line !== undefined ? `L${s.line}` : '';
      const size = base ? '' : formatBytes(s.sizeBytes ?? 0);
      const stage = s.stage !== undefined ? `  [${s.stage}${s.ships === false ? ', not shipped' : ''}]` : '';
      out.push(`  ${String(s.n).padStart(2)} ${line.padStart(4)}  ${ins.padEnd(width)}  ${tag} ${secs(s.durationMs ?? 0).padStart(7)} ${size.padStart(9)}${stage}`);
    }
    if (!b.ok && b.error) out.push(indent(b.error, '      '));
    out.push('');
  }
  if (r.cacheDiffs?.length) {
    out.push(c('1', 'Cache'));
    for (const d of r.cacheDiffs) out.push(`  ${d.summary.replace(/`/g, '')}`);
    out.push('');
  }
  if (r.wasteMap) {
    const w = r.wasteMap;
    out.push(c('1', `Waste map (build ${w.build}): ${formatBytes(w.totalBytes)} wasted of ${formatBytes(w.imageBytes)}`));
    for (const e of w.entries) {
      out.push(`  ${formatBytes(e.bytes).padStart(9)}  ${e.path}${e.files > 1 ? ` (${e.files} files)` : ''}: added by ${e.addedBy.label}, ${e.how} by ${e.removedBy.label}`);
    }
    if (w.more) out.push(`  … and ${w.more} more`);
    out.push('');
  }
  out.push(c('1', 'Checks'));
  for (const k of r.checks) {
    const tag = k.passed ? c('32', 'PASS') : c('31', 'FAIL');
    out.push(`  ${tag}  ${`${k.points}/${k.maxPoints}`.padStart(5)}  ${k.title}`);
    out.push(indent(k.feedback, '               '));
    if (k.help) {
      out.push(indent(`Why: ${k.help.why}`, '               '));
      if (k.help.lessonUrl) out.push(`               Lesson: ${safeDecode(k.help.lessonUrl)}`);
    }
  }
  out.push('');
  out.push(c('1', `Score: ${r.score}/${r.maxScore}`));
  return `${out.join('\n')}\n`;
}
