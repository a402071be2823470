/**
 * A small, lenient Dockerfile parser (pure). It follows the rules of the classic builder's parser
 * (moby/buildkit `frontend/dockerfile/parser`) closely enough to
 *   - number the instructions exactly as the classic builder numbers its `Step N/M` lines
 *     (every instruction counts, including ARGs before the first FROM), so each step maps back to
 *     its source lines for feedback;
 *   - list the stages and their FROM images, so a disallowed base image is refused BEFORE any build.
 *
 * It never rejects a Dockerfile for syntax: anything it does not understand is kept as an
 * instruction and left to the engine, whose error becomes a graded result.
 *
 * Supported: parser directives (`# escape=`, `# syntax=`), comments (also inside continuations),
 * line continuations with the escape character (trailing whitespace allowed), empty continuation
 * lines, leading `--flag=value` options (FROM --platform, COPY --from/--chown, ...), `FROM image AS name`.
 * Not supported (not supported by the classic builder either): heredocs.
 */

export interface Instruction {
  /** 1-based step number, as in the classic builder's `Step N/M`. */
  n: number;
  /** Upper-cased instruction keyword (`RUN`, `COPY`, ...). */
  keyword: string;
  /** Everything after the keyword, continuations joined, trimmed (flags included). */
  args: string;
  /** Leading `--name=value` flags (`--from`, `--chown`, `--platform`, ...), lower-cased names. */
  flags: Record<string, string>;
  /** `args` without the leading flags. */
  rest: string;
  /** The instruction as written, continuations joined with a space: used in feedback. */
  text: string;
  /** 1-based source line where the instruction starts / ends. */
  startLine: number;
  endLine: number;
  /** Index of the stage it belongs to; -1 for ARGs before the first FROM. */
  stage: number;
}

export interface Stage {
  index: number;
  /** Lower-cased `AS` name, if any. */
  name?: string;
  /** The image reference as written after FROM (flags removed), before ARG expansion. */
  image: string;
  platform?: string;
  from: Instruction;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  directives: Record<string, string>;
  escape: '\\' | '`';
  instructions: Instruction[];
  stages: Stage[];
  /** ARGs declared before the first FROM, with their defaults (undefined when none). */
  metaArgs: Record<string, string | undefined>;
}

const DIRECTIVE_RE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

export function parseDockerfile(source: string): ParsedDockerfile {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const directives: Record<string, string> = {};
  let escape: '\\' | '`' = '\\';

  // Parser directives: only at the very top, before any comment, blank line or instruction.
  let i = 0;
  for (; i < lines.length; i++) {
    const m = DIRECTIVE_RE.exec(lines[i].trim());
    if (!m) break;
    const key = m[1].toLowerCase();
    if (key in directives) break; // a repeated directive is an error for Docker; stop treating as directives
    directives[key] = m[2];
    if (key === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }

  const instructions: Instruction[] = [];
  const continuation = new RegExp(`${escape === '\\' ? '\\\\' : '`'}[ \\t]*$`);
  let n = 0;
  for (; i < lines.length; i++) {
    const first = lines[i].trim();
    if (first === '' || first.startsWith('#')) continue;
    const startLine = i + 1;
    const parts: string[] = [];
    let line = lines[i];
    let lastLine = i;
    while (continuation.test(line)) {
      parts.push(line.replace(continuation, ''));
      // Comment lines and empty lines inside a continuation are skipped, as Docker does.
      let j = i + 1;
      while (j < lines.length && /^\s*(#.*)?$/.test(lines[j])) j++;
      if (j >= lines.length) { line = ''; break; } // EOF inside a continuation
      i = j;
      lastLine = j;
      line = lines[j];
    }
    parts.push(line);
    const endLine = lastLine + 1;
    const text = parts.map((p) => p.trim()).filter((p) => p !== '').join(' ');
    const m = /^(\S+)\s*([\s\S]*)$/.exec(text);
    if (!m) continue;
    const keyword = m[1].toUpperCase();
    const args = m[2].trim();
    const { flags, rest } = splitFlags(args);
    n++;
    instructions.push({ n, keyword, args, flags, rest, text, startLine, endLine, stage: -1 });
  }

  const stages: Stage[] = [];
  const metaArgs: Record<string, string | undefined> = {};
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const words = ins.rest.split(/\s+/).filter(Boolean);
      const stage: Stage = {
        index: stages.length,
        image: words[0] ?? '',
        platform: ins.flags.platform,
        from: ins,
        instructions: [],
      };
      if (words.length >= 3 && words[1].toLowerCase() === 'as') stage.name = words[2].toLowerCase();
      stages.push(stage);
    }
    if (stages.length === 0) {
      if (ins.keyword === 'ARG') {
        for (const decl of ins.rest.split(/\s+/).filter(Boolean)) {
          const eq = decl.indexOf('=');
          if (eq < 0) metaArgs[decl] = undefined;
          else metaArgs[decl.slice(0, eq)] = unquote(decl.slice(eq + 1));
        }
      }
      continue;
    }
    const current = stages[stages.length - 1];
    ins.stage = current.index;
    current.instructions.push(ins);
  }

  return { directives, escape, instructions, stages, metaArgs };
}

function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args;
  while (true) {
    const m = /^--([a-zA-Z][a-zA-Z0-9-]*)(?:=(\S*))?\s*/.exec(rest);
    if (!m) break;
    flags[m[1].toLowerCase()] = m[2] ?? '';
    rest = rest.slice(m[0].length);
  }
  return { flags, rest: rest.trim() };
}

function unquote(v: string): string {
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

/**
 * Expand `$VAR` / `${VAR}` in a FROM image with the meta-ARG defaults (the grader passes no build
 * args). Returns undefined when a variable is unknown or uses a modifier (`${X:-y}`): the caller
 * then refuses the FROM, because it cannot tell which image it would use.
 */
export function expandFromImage(image: string, metaArgs: Record<string, string | undefined>): string | undefined {
  let failed = false;
  const out = image.replace(/\$(?:\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_all, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) { failed = true; return ''; }
    const v = metaArgs[name];
    if (v === undefined) { failed = true; return ''; }
    return v;
  });
  return failed ? undefined : out;
}

/** Is the instruction in JSON (exec) form? */
export function isJsonForm(ins: Instruction): boolean {
  if (!ins.rest.startsWith('[')) return false;
  try {
    const v: unknown = JSON.parse(ins.rest);
    return Array.isArray(v) && v.every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}

/** Source paths of a COPY/ADD (without the destination), JSON or shell form. */
export function copySources(ins: Instruction): string[] {
  let words: string[];
  if (isJsonForm(ins)) words = JSON.parse(ins.rest) as string[];
  else words = ins.rest.split(/\s+/).filter(Boolean);
  return words.slice(0, -1);
}
