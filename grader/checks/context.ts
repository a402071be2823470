import path from 'node:path';
import { z } from 'zod';
import { copySources } from '../../lib/dockerfile/parse';
import { formatBytes } from '../../lib/format';
import { sourceCopies, withHint } from '../report/feedback';
import type { BuildContextSummary } from './types';
import type { ParsedDockerfile } from '../../lib/dockerfile/parse';
import { defineCheckKind } from './kind';

/** Is context path `p` the excluded entry `ex` or under it (`node_modules/` admits `node_modules/x`)? */
export function underExcluded(p: string, ex: string): boolean {
  const e = ex.replace(/^\.\//, '').replace(/\/+$/, '');
  return p === e || p.startsWith(`${e}/`);
}

/** The biggest top-level parts of a context (`node_modules/` 3.1 MB in 120 files, …), largest first. */
export function contextBreakdown(sent: BuildContextSummary['sent']): { entry: string; bytes: number; files: number }[] {
  const groups = new Map<string, { entry: string; bytes: number; files: number }>();
  for (const f of sent) {
    const slash = f.path.indexOf('/');
    const entry = slash < 0 ? f.path : `${f.path.slice(0, slash)}/`;
    const g = groups.get(entry) ?? { entry, bytes: 0, files: 0 };
    g.bytes += f.bytes;
    g.files += 1;
    groups.set(entry, g);
  }
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes || a.entry.localeCompare(b.entry));
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** Context-side problems (pure): size, file count, excluded paths that were sent. */
export function contextProblems(summary: BuildContextSummary, o: { maxBytes?: number; maxFiles?: number; excluded: string[] }): string[] {
  const problems: string[] = [];
  if (o.maxBytes !== undefined && summary.bytes > o.maxBytes) {
    const top = contextBreakdown(summary.sent).slice(0, 4).map((g) => `\`${g.entry}\` ${formatBytes(g.bytes)} (${plural(g.files, 'file')})`);
    problems.push(`The context sent to the engine was ${formatBytes(summary.bytes)} in ${plural(summary.files, 'file')}; at most ${formatBytes(o.maxBytes)} is needed. Largest parts: ${top.join(', ')}.`);
  }
  if (o.maxFiles !== undefined && summary.files > o.maxFiles) {
    problems.push(`The context held ${plural(summary.files, 'file')}; at most ${o.maxFiles} are needed.`);
  }
  const reached = o.excluded
    .map((ex) => ({ ex, files: summary.sent.filter((f) => underExcluded(f.path, ex)) }))
    .filter((r) => r.files.length > 0);
  if (reached.length) {
    const list = reached.map((r) => `\`${r.ex}\` (${plural(r.files.length, 'file')}, ${formatBytes(r.files.reduce((s, f) => s + f.bytes, 0))})`);
    problems.push(`These were sent to the engine but must not be: ${list.join(', ')}. List them in .dockerignore (e.g. ${reached.map((r) => `\`${r.ex.replace(/\/+$/, '')}\``).join(', ')}).`);
  }
  return problems;
}

/** The final-stage COPY/ADD (from the context) whose sources take `file`, for feedback. */
function copierOf(parsed: ParsedDockerfile, file: string): string | undefined {
  const stage = parsed.stages[parsed.stages.length - 1];
  const ins = stage?.instructions.find((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && i.flags.from === undefined && copySources(i).some((s) => sourceCopies(s, file)));
  return ins ? `line ${ins.startLine} \`${ins.text}\`` : undefined;
}

/** `context`: what the build sent to the engine (size, files, excluded paths) and whether those reached the image. */
export const contextCheck = defineCheckKind({
  kind: 'context',
  description:
    'The build context sent to the engine for build `build` (after .dockerignore) stays within `maxBytes`/`maxFiles`, and none of the `excluded` paths reached it nor the final image.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose context is measured.'),
    maxBytes: z.number().int().positive().optional().describe('At most this many bytes of file content sent to the engine.'),
    maxFiles: z.number().int().positive().optional().describe('At most this many files sent to the engine.'),
    excluded: z
      .array(
        z
          .string()
          .min(1)
          .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be relative, without `..`')
          .describe('A context path: a file (`.env`) or a folder with a trailing slash (`node_modules/`).'),
      )
      .default([])
      .describe('Paths that must not be sent to the engine (and whose context files must not be in the image).'),
    checkImage: z
      .boolean()
      .default(true)
      .describe('Also verify that no context file under `excluded` is in the final image (relative to its WORKDIR). Default true.'),
  },
  // Measuring the context needs no successful build, but the image part does.
  help: {
    why: 'Everything in the build context is sent to the engine before the build starts; .dockerignore is what keeps files out of it (and out of `COPY . .`).',
    fix: 'Add the paths to .dockerignore.',
  },
  async run(ctx, check) {
    const build = ctx.builds.get(check.build)!;
    const summary = build.context;
    if (!summary) return { passed: false, feedback: `The grader has no record of the context of build \`${check.build}\`.` };
    const problems = contextProblems(summary, check);

    if (check.checkImage && build.imageId) {
      const workdir = await ctx.driver.workingDir(build.imageId);
      for (const ex of check.excluded) {
        // Only files that were sent can have been copied; one per excluded entry is enough to tell.
        const sample = summary.sent.find((f) => underExcluded(f.path, ex));
        if (!sample) continue;
        const abs = path.posix.resolve(workdir, sample.path);
        if (await ctx.driver.pathExists(build.imageId, abs)) {
          const by = copierOf(ctx.dockerfile, sample.path);
          problems.push(`\`${ex}\` is in the image: \`${abs}\` is there${by ? `, copied by ${by}` : ''}. Once a file is in a layer, anyone with the image can read it.`);
        }
      }
    }

    // Lines of the student's .dockerignore that do not do what they seem to (`node_modules   # deps`).
    const diLines = [...(summary.dockerignore?.errors ?? []), ...(summary.dockerignore?.notes ?? [])].sort((a, b) => a.line - b.line);
    const diText = diLines.length ? `\nIn your .dockerignore, ${diLines.map((n) => n.message).join('\n')}` : '';

    if (problems.length === 0) {
      const parts = [`The context of build \`${check.build}\` was ${formatBytes(summary.bytes)} in ${plural(summary.files, 'file')}`];
      if (check.maxBytes !== undefined) parts.push(`(at most ${formatBytes(check.maxBytes)})`);
      let text = `${parts.join(' ')}.`;
      if (check.excluded.length) text += ` None of ${check.excluded.map((e) => `\`${e}\``).join(', ')} was sent${check.checkImage ? ' or is in the image' : ''}.`;
      if (summary.ignored.length) text += ` .dockerignore left out ${plural(summary.ignored.length, 'file')}.`;
      return { passed: true, feedback: `${text}${diText}` };
    }
    const noIgnore = summary.ignored.length === 0 ? ' (no file was left out: is there a .dockerignore next to the Dockerfile?)' : '';
    return { passed: false, feedback: withHint(`${problems.join('\n')}${noIgnore}${diText}`, check.hint) };
  },
});
