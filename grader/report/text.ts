/** Formatting of a GradeReport for people (CLI) and for machines (--json). */
import type { GradeReport } from '../grade';

/** Exactly the documented JSON shape (no log). */
export function reportJson(r: GradeReport) {
  return {
    lab: r.lab,
    score: r.score,
    maxScore: r.maxScore,
    checks: r.checks.map((c) => ({ id: c.id, title: c.title, passed: c.passed, points: c.points, maxPoints: c.maxPoints, feedback: c.feedback })),
    builds: r.builds.map((b) => ({
      name: b.name,
      ok: b.ok,
      durationMs: b.durationMs,
      steps: b.steps.map((s) => ({ n: s.n, instruction: s.instruction, cached: s.cached })),
    })),
  };
}

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
      const tag = s.instruction.startsWith('FROM ') ? c('2', 'BASE') : s.cached ? c('36', 'CACHED') : c('33', 'RUN');
      out.push(`  ${String(s.n).padStart(2)}  ${ins.padEnd(width)}  ${tag}`);
    }
    if (!b.ok && b.error) out.push(indent(b.error, '      '));
    out.push('');
  }
  out.push(c('1', 'Checks'));
  for (const k of r.checks) {
    const tag = k.passed ? c('32', 'PASS') : c('31', 'FAIL');
    out.push(`  ${tag}  ${`${k.points}/${k.maxPoints}`.padStart(5)}  ${k.title}`);
    out.push(indent(k.feedback, '               '));
  }
  out.push('');
  out.push(c('1', `Score: ${r.score}/${r.maxScore}`));
  return `${out.join('\n')}\n`;
}
