/**
 * .dockerignore exactly as the classic builder's client packs the build context (pure).
 *
 * A port of what Debian's docker.io 20.10.24 `docker build` (DOCKER_BUILDKIT=0) does, checked against
 * that client over the table in grader/engine/dockerignore.cases.ts (tests/integration/dockerignore-client.test.ts):
 *   - reading (builder/dockerignore ReadAll): lines split on `\n` (a trailing `\r` dropped), a UTF-8
 *     BOM dropped from the first line; a line whose FIRST character is `#` is a comment — an indented
 *     `  # x` or an inline `node_modules   # deps` is a pattern (`# x`, `node_modules   # deps`) that
 *     matches only a file of that very name; blanks around a pattern and after `!` are trimmed;
 *     patterns are cleaned like Go's filepath.Clean (`./a`, `a/`, `a//b`, `a/../b`) and a leading `/`
 *     dropped;
 *   - the Dockerfile and .dockerignore are always sent: when a pattern excludes them, `!Dockerfile` /
 *     `!.dockerignore` are appended (cli/command/image/build TrimBuildFilesFromExcludes); the engine
 *     then leaves them out of what COPY sees;
 *   - matching (pkg/fileutils PatternMatcher, 20.10): each pattern becomes a regular expression (`*`
 *     and `?` never cross `/`, `**` crosses any number of folders, `\` escapes, other characters as
 *     Go's regexp reads them); a path is excluded when the last pattern that matches it — or matches
 *     its first N folders, N being the pattern's number of `/`-separated parts — is not a `!` one;
 *   - packing (pkg/archive TarWithOptions): the context is walked folder by folder in name order; an
 *     excluded folder is skipped with everything in it, unless some `!` pattern starts with that
 *     folder's path + `/` (then only its entry is left out and its contents are matched one by one).
 *     So `node_modules` + `!node_modules/keep.js` sends keep.js, while `node_modules` + `!**\/keep.js`
 *     does not; a folder whose files are all excluded (`logs/*`) is still sent, empty.
 */

export interface DockerignorePattern {
  /** 1-based line of the .dockerignore. */
  line: number;
  /** The line as written (without its line ending). */
  source: string;
  /** The cleaned pattern, without the `!`. */
  pattern: string;
  exclusion: boolean;
}

export interface DockerignoreNote {
  line: number;
  message: string;
}

export interface ReadDockerignore {
  patterns: DockerignorePattern[];
  /** Lines the client refuses (the build does not start), e.g. a lone `!`. */
  errors: DockerignoreNote[];
  /** Lines that do something else than they seem to (an inline or indented `#`). */
  notes: DockerignoreNote[];
}

/** Go's path.Clean for slash-separated paths. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Go's strings.TrimSpace (ASCII blanks and Unicode spaces, not a BOM). */
const goTrim = (s: string) => s.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, '');

/** Read a .dockerignore as the client does (see the module comment), with line numbers and notes. */
export function readDockerignore(text: string): ReadDockerignore {
  const patterns: DockerignorePattern[] = [];
  const errors: DockerignoreNote[] = [];
  const notes: DockerignoreNote[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    let source = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0) source = source.replace(/^\uFEFF/, '');
    const line = i + 1;
    if (source.startsWith('#')) return;
    let pattern = goTrim(source);
    if (pattern === '') return;
    const exclusion = pattern.startsWith('!');
    if (exclusion) pattern = goTrim(pattern.slice(1));
    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    if (exclusion && pattern === '') {
      errors.push({ line, message: `line ${line}: \`${source.trim()}\` — a \`!\` needs a pattern after it; Docker's client refuses to build ("error checking context: illegal exclusion pattern: \\"!\\"").` });
      return;
    }
    const syntax = patternSyntaxError(pattern);
    if (syntax) {
      errors.push({ line, message: `line ${line}: \`${source.trim()}\` — ${syntax}; Docker's client refuses to build ("error checking context: syntax error in pattern").` });
      return;
    }
    if (goTrim(source).startsWith('#')) {
      notes.push({ line, message: `line ${line}: \`${source}\` — \`#\` starts a comment only as the very first character of a line; this indented line is a pattern that matches only a file named \`${pattern}\`.` });
    } else if (/\s#/.test(pattern)) {
      const intended = goTrim(pattern.slice(0, pattern.search(/\s#/)));
      notes.push({ line, message: `line ${line}: \`${source.trim()}\` — \`#\` does not start a comment here: the whole line is one pattern, which matches nothing in your context, so \`${intended}\` is NOT excluded. Put the comment on a line of its own.` });
    }
    patterns.push({ line, source, pattern, exclusion });
  });
  return { patterns, errors, notes };
}

/** filepath.Match's syntax check (an unclosed `[`, a trailing `\`): why the client refuses the pattern. */
function patternSyntaxError(p: string): string | undefined {
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 >= p.length) return 'it ends in `\\`';
      i++;
    } else if (c === '[') {
      let j = i + 1;
      if (p[j] === '^') j++;
      let closed = false;
      for (let first = true; j < p.length; j++, first = false) {
        if (p[j] === '\\') { j++; continue; }
        if (p[j] === ']' && !first) { closed = true; break; }
      }
      if (!closed) return '`[` is never closed';
      i = j;
    }
  }
  return undefined;
}

interface CompiledPattern {
  exclusion: boolean;
  /** Number of `/`-separated parts (Go: len(strings.Split(pattern, "/"))). */
  parts: number;
  re: RegExp | undefined;
  /** The pattern as Docker's exclusion-prefix check reads it (`String()`). */
  text: string;
}

/** pkg/fileutils Pattern.compile (20.10) for `/`-separated paths. */
function compile(pattern: string): RegExp | undefined {
  let re = '^';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        i++;
        if (chars[i + 1] === '/') i++;
        re += i + 1 >= chars.length ? '.*' : '(.*/)?';
      } else {
        re += '[^/]*';
      }
    } else if (ch === '?') {
      re += '[^/]';
    } else if (ch === '.' || ch === '$') {
      re += `\\${ch}`;
    } else if (ch === '\\') {
      if (i + 1 < chars.length) {
        i++;
        re += /[A-Za-z0-9]/.test(chars[i]) ? chars[i] : `\\${chars[i]}`;
      } else re += '\\\\';
    } else if (ch === '/') {
      re += '\\/';
    } else {
      re += ch;
    }
  }
  re += '$';
  for (const flags of ['u', '']) {
    try {
      return new RegExp(re, flags);
    } catch {
      // Without `u`, JavaScript reads a lone `{` or `]` literally, as Go's regexp does.
    }
  }
  return undefined; // Go reports ErrBadPattern and the client stops packing
}

/** The client's matcher over a .dockerignore (plus the appended `!Dockerfile` / `!.dockerignore`). */
export class DockerignoreMatcher {
  private readonly compiled: CompiledPattern[];
  readonly hasExclusions: boolean;

  constructor(patterns: readonly { pattern: string; exclusion: boolean }[]) {
    this.compiled = patterns.map((p) => ({ exclusion: p.exclusion, parts: p.pattern.split('/').length, re: compile(p.pattern), text: p.pattern }));
    this.hasExclusions = patterns.some((p) => p.exclusion);
  }

  /** pkg/fileutils PatternMatcher.Matches (20.10): is the context path excluded? */
  matches(file: string): boolean {
    const slash = file.lastIndexOf('/');
    const parent = slash < 0 ? '.' : file.slice(0, slash);
    const parentDirs = parent.split('/');
    let matched = false;
    for (const p of this.compiled) {
      let match = p.re?.test(file) ?? false;
      if (!match && parent !== '.' && p.parts <= parentDirs.length) {
        match = p.re?.test(parentDirs.slice(0, p.parts).join('/')) ?? false;
      }
      if (match) matched = !p.exclusion;
    }
    return matched;
  }

  /** TarWithOptions: may an excluded folder still hold something a `!` pattern brings back? */
  exclusionUnder(dir: string): boolean {
    const prefix = `${dir}/`;
    return this.compiled.some((p) => p.exclusion && `${p.text}/`.startsWith(prefix));
  }
}

export interface ContextSelection {
  /** Files sent, in the order the client packs them (a folder's entries in name order, depth first). */
  files: string[];
  /** Folder entries sent (every sent folder; `logs/` stays when `logs/*` excluded all its files). */
  dirs: string[];
  /** Files left out (sorted). */
  ignored: string[];
  /** Every entry in packing order (a folder before what it holds). */
  entries: { path: string; dir: boolean }[];
}

/** Go's filepath.Walk order: by name, byte-wise. */
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What the client sends for a context of `files` (paths relative to the context root, `/`-separated)
 * plus optional empty folders, given the .dockerignore text (undefined: none). The Dockerfile is
 * `dockerfile` (the CLI's default `Dockerfile`).
 */
export function selectContext(files: readonly string[], dockerignore: string | undefined, opts: { emptyDirs?: readonly string[]; dockerfile?: string } = {}): ContextSelection {
  const dockerfile = opts.dockerfile ?? 'Dockerfile';
  const read = dockerignore === undefined ? { patterns: [] as DockerignorePattern[] } : readDockerignore(dockerignore);
  let patterns: { pattern: string; exclusion: boolean }[] = read.patterns;
  // TrimBuildFilesFromExcludes: the build files are always sent.
  const first = new DockerignoreMatcher(patterns);
  if (first.matches('.dockerignore')) patterns = [...patterns, { pattern: '.dockerignore', exclusion: true }];
  if (new DockerignoreMatcher(patterns).matches(dockerfile)) patterns = [...patterns, { pattern: dockerfile, exclusion: true }];
  const matcher = new DockerignoreMatcher(patterns);

  // The folder tree the walk visits.
  const children = new Map<string, Set<string>>([['', new Set()]]);
  const isDir = new Set<string>(['']);
  const add = (p: string, dir: boolean) => {
    const parts = p.split('/').filter(Boolean);
    let parent = '';
    parts.forEach((name, i) => {
      const path = parent === '' ? name : `${parent}/${name}`;
      children.get(parent)!.add(path);
      if (dir || i < parts.length - 1) {
        isDir.add(path);
        if (!children.has(path)) children.set(path, new Set());
      }
      parent = path;
    });
  };
  for (const f of files) add(f, false);
  for (const d of opts.emptyDirs ?? []) add(d, true);

  const sentFiles: string[] = [];
  const sentDirs: string[] = [];
  const entries: { path: string; dir: boolean }[] = [];
  const walk = (dir: string) => {
    const names = [...children.get(dir)!].sort((a, b) => byName(a.slice(a.lastIndexOf('/') + 1), b.slice(b.lastIndexOf('/') + 1)));
    for (const p of names) {
      const d = isDir.has(p);
      if (matcher.matches(p)) {
        if (!d) continue;
        if (!matcher.hasExclusions || !matcher.exclusionUnder(p)) continue; // the whole folder is skipped
        walk(p); // its entry is left out, its contents are matched one by one
        continue;
      }
      entries.push({ path: p, dir: d });
      if (d) {
        sentDirs.push(p);
        walk(p);
      } else sentFiles.push(p);
    }
  };
  walk('');
  const sent = new Set(sentFiles);
  return { files: sentFiles, dirs: sentDirs, ignored: files.filter((f) => !sent.has(f)).sort(byName), entries };
}

/**
 * Why Docker's client would refuse to build with this .dockerignore at all (a lone `!`, an unclosed
 * `[`, a trailing `\`: "error checking context: …", measured with docker.io 20.10.24), as feedback
 * sentences naming the lines; empty when it is fine or absent.
 */
export function dockerignoreRefusals(text: string | undefined): string[] {
  if (text === undefined) return [];
  return readDockerignore(text).errors.map((e) => `.dockerignore ${e.message}`);
}
