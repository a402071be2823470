import { expandFromImage, type ParsedDockerfile } from './parse';

/**
 * Point the FROM lines that name an external image at another reference (pure), keeping every line
 * where it is (the engine's messages quote line numbers). Used to build each grade on its own
 * per-grade copy of the base image — see grade.ts.
 * `map`: expanded image reference (as policy/externalBaseImages report it) → replacement.
 */
export function rewriteFromImages(source: string, parsed: ParsedDockerfile, map: ReadonlyMap<string, string>): string {
  const lines = source.split('\n');
  const stageNames = new Set<string>();
  for (const stage of parsed.stages) {
    const expanded = expandFromImage(stage.image, parsed.metaArgs);
    const target = expanded !== undefined && !stageNames.has(expanded.toLowerCase()) ? map.get(expanded) : undefined;
    if (stage.name) stageNames.add(stage.name);
    if (target === undefined) continue;
    const token = new RegExp(`(^|\\s)${escapeRegExp(stage.image)}(?=\\s|$)`);
    let done = false;
    for (let i = stage.from.startLine - 1; i < stage.from.endLine && !done; i++) {
      // Skip the keyword itself on the first line (an image could be called "from").
      const start = i === stage.from.startLine - 1 ? (/^\s*\S+/.exec(lines[i])?.[0].length ?? 0) : 0;
      const rest = lines[i].slice(start);
      const m = token.exec(rest);
      if (!m) continue;
      lines[i] = lines[i].slice(0, start) + rest.slice(0, m.index) + m[1] + target + rest.slice(m.index + m[0].length);
      done = true;
    }
    if (!done) throw new Error(`cannot locate the image of line ${stage.from.startLine} to rewrite it`);
  }
  return lines.join('\n');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
