/**
 * A Dockerfile parser (pure) that follows the reference parser, moby/buildkit
 * `frontend/dockerfile/parser` (parser.go, line_parsers.go, split_command.go, directives.go), rule for
 * rule, so that the grader
 *   - numbers the instructions exactly as the classic builder numbers its `Step N/M` lines
 *     (every instruction counts, including ARGs before the first FROM), so each step maps back to
 *     its source lines for feedback;
 *   - lists the stages and their FROM images, so a disallowed base image is refused BEFORE any build;
 *   - sees each instruction's arguments as Docker does (`node`: exec-form JSON or shell-form text,
 *     ENV/LABEL pairs, flags), checked against the reference parser's own test files
 *     (grader/dockerfile/testdata/buildkit-parser, parse.buildkit.test.ts).
 *
 * It never rejects a Dockerfile for syntax: anything it does not understand is kept as an
 * instruction and left to the engine, whose error becomes a graded result. Where the reference
 * parser raises an error (a JSON array holding a non-string), this parser keeps the text as shell
 * form instead.
 *
 * Rules kept from the reference parser:
 *   - parser directives (`# escape=`, `# syntax=`, `# check=`) only on the first lines, before any
 *     other line; an unknown directive or any other line ends them;
 *   - a line ending in the escape character (trailing blanks allowed) continues on the next line,
 *     unless that escape character is itself escaped (`\\` at the end is NOT a continuation);
 *     continuation lines keep their leading blanks; comment lines and blank lines inside a
 *     continuation are skipped;
 *   - heredocs (`RUN <<EOF`, `RUN <<-EOF`, `COPY <<"EOF" /x`, ONBUILD too): the body lines up to the
 *     terminator belong to the instruction (`heredocs`, `endLine`). The classic builder does not
 *     support them at all (it reads the body lines as instructions): buildkit.ts refuses them.
 */

export interface Heredoc {
  /** The terminator word, quotes removed (`EOF`). */
  name: string;
  /** Body lines joined, each with its newline (tabs not stripped even for `<<-`). */
  content: string;
  /** `<<-`: leading tabs of the body and terminator are removed. */
  chomp: boolean;
  /** False when the terminator word was quoted (`<<"EOF"`): no variable expansion in the body. */
  expand: boolean;
  /** `3<<EOF` → 3; 0 when not given. */
  fileDescriptor: number;
}

/**
 * One instruction as the reference parser's AST holds it (its `Node`): the keyword, the flags as
 * written (`--from=deps`), and the argument list (`Next` chain) the keyword's line parser makes:
 *   - RUN/CMD/ENTRYPOINT/SHELL: the exec-form array (`json: true`) or one shell-form string;
 *   - COPY/ADD/VOLUME: the exec-form array or the whitespace-separated words;
 *   - ENV/LABEL: key, value, separator triples (`"="` or `""` for the legacy `ENV K V` form);
 *   - ARG: the words; FROM/EXPOSE: whitespace-separated words; HEALTHCHECK: type then command;
 *   - ONBUILD: `child`, the instruction it registers;
 *   - MAINTAINER/STOPSIGNAL/USER/WORKDIR: the text; unknown keywords: nothing.
 */
export interface DockerfileNode {
  /** The keyword as written (case kept). */
  value: string;
  /** Leading `--flags` as written, quotes removed (`--from=deps`). */
  flags: string[];
  values: string[];
  /** True when the arguments were a JSON (exec-form) array. */
  json: boolean;
  child?: DockerfileNode;
}

export interface Instruction {
  /** 1-based step number, as in the classic builder's `Step N/M`. */
  n: number;
  /** Upper-cased instruction keyword (`RUN`, `COPY`, ...). */
  keyword: string;
  /** Everything after the keyword, continuations joined, trimmed (flags included). */
  args: string;
  /** Leading `--name=value` flags (`--from`, `--chown`, `--platform`, ...), lower-cased names. */
  flags: Record<string, string>;
  /** `args` without the leading flags (and without a `--` that ends them). */
  rest: string;
  /** The instruction as written, continuations joined with a space (heredoc bodies left out): used in feedback. */
  text: string;
  /** 1-based source line where the instruction starts / ends (a heredoc's terminator line included). */
  startLine: number;
  endLine: number;
  /** Index of the stage it belongs to; -1 for ARGs before the first FROM. */
  stage: number;
  /** The instruction as the reference parser sees it (exec/shell form, pairs, flags). */
  node: DockerfileNode;
  /** The line the reference parser parsed: continuations joined as Docker joins them (its `Original`). */
  original: string;
  /** Heredocs of a RUN/COPY/ADD (or ONBUILD of one), in order; empty when none. */
  heredocs: Heredoc[];
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

/** directives.go: `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, for `syntax`, `escape` and `check` only. */
const DIRECTIVE_RE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const VALID_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
/** parser.go `reWhitespace`. */
const WHITESPACE_RE = /[\t\v\f\r ]+/;
/** parser.go `reHeredoc`. */
const HEREDOC_RE = /^(\d*)<<(-?)([^<]*)$/;
const HEREDOC_KEYWORDS = new Set(['ADD', 'COPY', 'RUN']);
/** Go's unicode.IsSpace for the characters a Dockerfile can hold. */
const isSpace = (ch: string) => /^[\s\u0085]$/u.test(ch);

class Directives {
  escape: '\\' | '`' = '\\';
  continuation = Directives.continuationFor('\\');
  readonly found: Record<string, string> = {};
  private done = false;

  /**
   * parser.go setEscapeToken: the escape character as the last non-blank character continues the line,
   * unless an escape character precedes it; or on a line of its own.
   */
  static continuationFor(e: '\\' | '`'): RegExp {
    const x = e === '\\' ? '\\\\' : '`';
    return new RegExp(`([^${x}])${x}[ \\t]*$|^${x}[ \\t]*$`);
  }

  /** directives.go ParseLine: directives only before any other line; a repeated one ends them here. */
  possibleDirective(line: string): void {
    if (this.done) return;
    const m = DIRECTIVE_RE.exec(line);
    const key = m?.[1].toLowerCase();
    if (!m || !key || !VALID_DIRECTIVES.has(key) || key in this.found) {
      // Docker rejects a repeated directive; this parser stays lenient and lets the engine say so.
      this.done = true;
      return;
    }
    this.found[key] = m[2];
    if (key === 'escape' && (m[2] === '`' || m[2] === '\\')) {
      this.escape = m[2];
      this.continuation = Directives.continuationFor(m[2]);
    }
  }
}

const trimNewline = (s: string) => s.replace(/[\r\n]+$/, '');
const trimLeft = (s: string) => s.replace(/^[\s\u0085]+/u, '');
const isComment = (s: string) => trimLeft(s).startsWith('#');

/** parser.go trimContinuationCharacter: [line without the escape, is it the end of the instruction]. */
function trimContinuation(line: string, d: Directives): [string, boolean] {
  if (d.continuation.test(line)) return [line.replace(d.continuation, '$1'), false];
  return [line, true];
}

/** Lines with their endings kept (parser.go scanLines), so heredoc bodies keep theirs. */
function scanLines(source: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < source.length) {
    const nl = source.indexOf('\n', start);
    const end = nl < 0 ? source.length : nl + 1;
    out.push(source.slice(start, end));
    start = end;
  }
  return out;
}

/** The scanned lines and the 0-based index of the next one to read (1-based line numbers are `next` after a read). */
interface LineCursor {
  readonly lines: readonly string[];
  next: number;
}

/**
 * Parse a Dockerfile's text (any line endings, an optional UTF-8 BOM). Never throws: see the module
 * comment for what is kept when Docker would refuse the text.
 */
export function parseDockerfile(source: string): ParsedDockerfile {
  const cursor: LineCursor = { lines: scanLines(source.replace(/^\uFEFF/, '')), next: 0 };
  const d = new Directives();
  const instructions: Instruction[] = [];
  while (cursor.next < cursor.lines.length) {
    const logical = readLogicalLine(cursor, d);
    if (!logical) continue;
    const original = logical.parts.join('');
    const node = nodeFromLine(original, d);
    const heredocs = readHeredocs(original, node, cursor);
    const text = logical.parts.map((p) => p.trim()).filter((p) => p !== '').join(' ');
    const m = /^(\S+)\s*([\s\S]*)$/.exec(text);
    if (!m) continue;
    const keyword = m[1].toUpperCase();
    const args = m[2].trim();
    const { flags, rest } = splitFlags(args);
    instructions.push({
      n: instructions.length + 1, // every instruction is a step, ARGs before the first FROM too
      keyword,
      args,
      flags,
      rest,
      text,
      startLine: logical.startLine,
      endLine: cursor.next,
      stage: -1,
      node,
      original,
      heredocs,
    });
  }
  const { stages, metaArgs } = assignStages(instructions);
  return { directives: d.found, escape: d.escape, instructions, stages, metaArgs };
}

/**
 * Reads one logical line (parser.go Parse's loop): the first line, leading blanks stripped, and its
 * continuation lines, each without its trailing escape; comment lines and blank lines inside a
 * continuation are skipped (Docker warns about the blank ones). Every line read is offered to the
 * directive parser first. Undefined for a blank or comment line that starts no instruction.
 * `startLine` is 1-based; the cursor is left after the last line read.
 */
function readLogicalLine(cursor: LineCursor, d: Directives): { parts: string[]; startLine: number } | undefined {
  let token = trimLeft(trimNewline(cursor.lines[cursor.next]));
  d.possibleDirective(token);
  if (isComment(token)) token = '';
  cursor.next++;
  const startLine = cursor.next;
  let [line, end] = trimContinuation(token, d);
  if (end && line === '') return undefined;
  const parts = [line];
  while (!end && cursor.next < cursor.lines.length) {
    const raw = cursor.lines[cursor.next];
    const next = trimNewline(raw);
    d.possibleDirective(next);
    cursor.next++;
    if (isComment(raw)) continue;
    if (trimLeft(next) === '') continue; // empty continuation line (a warning for Docker)
    [line, end] = trimContinuation(next, d);
    parts.push(line);
  }
  return { parts, startLine };
}

/**
 * The heredocs an instruction opens (parser.go Parse, `heredocsFromLine`): only RUN/COPY/ADD (or an
 * ONBUILD of one) can hold them. Each body is read from the cursor up to its terminator, in order.
 */
function readHeredocs(original: string, node: DockerfileNode, cursor: LineCursor): Heredoc[] {
  if (!canContainHeredoc(node) || !original.includes('<<')) return [];
  return heredocsFromLine(original).map((h) => ({ ...h, content: readHeredocBody(cursor, h.name, h.chomp) }));
}

/**
 * Body lines up to the `terminator` line (consumed, not part of the body), each with its line
 * ending. `<<-` (`chomp`) compares the terminator without leading tabs, but the body keeps them.
 * An unterminated heredoc runs to the end of the file (Docker: "unterminated heredoc").
 */
function readHeredocBody(cursor: LineCursor, terminator: string, chomp: boolean): string {
  let content = '';
  while (cursor.next < cursor.lines.length) {
    const raw = cursor.lines[cursor.next];
    cursor.next++;
    let candidate = trimNewline(raw);
    if (chomp) candidate = candidate.replace(/^\t+/, '');
    if (candidate === terminator) break;
    content += raw;
  }
  return content;
}

/**
 * Splits the instructions into stages, each starting at a FROM (`FROM image [AS name]`, name
 * lower-cased as Docker compares it), and sets each instruction's `stage`. ARGs before the first
 * FROM are the meta ARGs (stage -1) whose defaults FROM lines may use, quotes removed.
 */
function assignStages(instructions: Instruction[]): Pick<ParsedDockerfile, 'stages' | 'metaArgs'> {
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
        for (const decl of ins.node.values) {
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
  return { stages, metaArgs };
}

/** Flags and the text after them, as split_command.go extractBuilderFlags splits them. */
function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const { words, rest } = extractBuilderFlags(args);
  const flags: Record<string, string> = {};
  for (const w of words) {
    const m = /^--([^=]*)(?:=([\s\S]*))?$/.exec(w);
    if (m) flags[m[1].toLowerCase()] = m[2] ?? '';
  }
  return { flags, rest: rest.trim() };
}

/**
 * split_command.go extractBuilderFlags: leading words starting with `--` (quotes and `\` escapes
 * removed inside them); a bare `--` ends the flags.
 */
function extractBuilderFlags(line: string): { words: string[]; rest: string } {
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;
  for (let pos = 0; pos <= line.length; pos++) {
    const ch = pos < line.length ? line[pos] : '';
    if (phase === 'spaces') {
      if (pos === line.length) break;
      if (isSpace(ch)) continue;
      if (ch !== '-' || pos + 1 === line.length || line[pos + 1] !== '-') return { words, rest: line.slice(pos) };
      phase = 'word';
    }
    if (pos === line.length) {
      if (word !== '--' && (blankOK || word.length > 0)) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isSpace(ch)) {
        phase = 'spaces';
        if (word === '--') return { words, rest: line.slice(pos) };
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === line.length) continue;
        pos++;
        word += line[pos];
        continue;
      }
      word += ch;
      continue;
    }
    // phase === 'quote'
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    if (ch === '\\') {
      if (pos + 1 === line.length) {
        phase = 'word';
        continue;
      }
      pos++;
      word += line[pos];
      continue;
    }
    word += ch;
  }
  return { words, rest: '' };
}

/** parser.go newNodeFromLine + splitCommand + the dispatch table of line parsers. */
function nodeFromLine(line: string, d: Directives): DockerfileNode {
  const trimmed = line.trim();
  const split = splitOnce(trimmed);
  const value = split[0];
  let flags: string[] = [];
  let args = '';
  if (split.length === 2) {
    const f = extractBuilderFlags(split[1]);
    flags = f.words;
    args = f.rest.trim();
  }
  const node: DockerfileNode = { value, flags, values: [], json: false };
  switch (value.toLowerCase()) {
    case 'run':
    case 'cmd':
    case 'entrypoint':
    case 'shell':
      Object.assign(node, parseMaybeJson(args));
      break;
    case 'add':
    case 'copy':
    case 'volume':
      Object.assign(node, parseMaybeJsonToList(args));
      break;
    case 'env':
    case 'label':
      node.values = parseNameVal(args, d);
      break;
    case 'arg':
      node.values = parseWords(args, d);
      break;
    case 'expose':
    case 'from':
      node.values = splitWhitespace(args);
      break;
    case 'healthcheck':
      Object.assign(node, parseHealthConfig(args));
      break;
    case 'onbuild':
      if (args !== '') node.child = nodeFromLine(args, d);
      break;
    case 'maintainer':
    case 'stopsignal':
    case 'user':
    case 'workdir':
      node.values = args === '' ? [] : [args];
      break;
    default:
      // Unknown instruction: Docker keeps it without arguments and the builder rejects it.
      break;
  }
  return node;
}

/** `reWhitespace.Split(s, 2)`. */
function splitOnce(s: string): string[] {
  const m = WHITESPACE_RE.exec(s);
  if (!m) return [s];
  return [s.slice(0, m.index), s.slice(m.index + m[0].length)];
}

/** parseStringsWhitespaceDelimited (empty text: no words). */
function splitWhitespace(s: string): string[] {
  return s === '' ? [] : s.split(new RegExp(WHITESPACE_RE.source));
}

/**
 * parseJSON: like Go's json.Decoder, the first JSON value of the text (anything after it is
 * ignored); undefined when it is not an array of strings.
 */
function parseJsonArray(text: string): { values: string[] } | 'not-strings' | undefined {
  const t = trimLeft(text);
  if (!t.startsWith('[')) return undefined;
  const end = jsonValueEnd(t);
  if (end < 0) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(t.slice(0, end));
  } catch {
    return undefined;
  }
  if (!Array.isArray(v)) return undefined;
  if (!v.every((x) => typeof x === 'string')) return 'not-strings';
  return { values: v as string[] };
}

/** End offset of the bracketed JSON value starting at 0, or -1 when it never closes. */
function jsonValueEnd(t: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function parseMaybeJson(rest: string): Pick<DockerfileNode, 'values' | 'json'> {
  if (rest === '') return { values: [], json: false };
  const j = parseJsonArray(rest);
  if (j && j !== 'not-strings') return { values: j.values, json: true };
  return { values: [rest], json: false };
}

function parseMaybeJsonToList(rest: string): Pick<DockerfileNode, 'values' | 'json'> {
  const j = parseJsonArray(rest);
  if (j && j !== 'not-strings') return { values: j.values, json: true };
  return { values: splitWhitespace(rest), json: false };
}

function parseHealthConfig(rest: string): Pick<DockerfileNode, 'values' | 'json'> {
  let sep = 0;
  while (sep < rest.length && !isSpace(rest[sep])) sep++;
  let next = sep;
  while (next < rest.length && isSpace(rest[next])) next++;
  if (sep === 0) return { values: [], json: false };
  const cmd = parseMaybeJson(rest.slice(next));
  return { values: [rest.slice(0, sep), ...cmd.values], json: cmd.json };
}

/**
 * line_parsers.go parseWords: words split on unquoted blanks; quotes and escapes are KEPT (they are
 * removed later, when the builder expands the words).
 */
export function parseWords(rest: string, d: { escape: string }): string[] {
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;
  const chars = [...rest];
  for (let pos = 0; pos <= chars.length; pos++) {
    const ch = pos < chars.length ? chars[pos] : '';
    if (phase === 'spaces') {
      if (pos === chars.length) break;
      if (isSpace(ch)) continue;
      phase = 'word';
    }
    if (pos === chars.length) {
      if (blankOK || word.length > 0) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isSpace(ch)) {
        phase = 'spaces';
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
      }
      if (ch === d.escape) {
        if (pos + 1 === chars.length) continue; // an escape at the very end is dropped
        word += ch;
        pos++;
        word += chars[pos];
        continue;
      }
      word += ch;
      continue;
    }
    // phase === 'quote'
    if (ch === quote) phase = 'word';
    if (ch === d.escape && quote !== "'") {
      if (pos + 1 === chars.length) {
        phase = 'word';
        continue;
      }
      word += ch;
      pos++;
      word += chars[pos];
      continue;
    }
    word += ch;
  }
  return words;
}

/**
 * line_parsers.go parseNameVal (ENV, LABEL): `KEY value…` (legacy: one pair, separator "") or
 * `k=v k2=v2…` (separator "="), as key, value, separator triples. A word without `=` in the new form
 * is a syntax error for Docker; it is kept as a key with an empty value here.
 */
function parseNameVal(rest: string, d: { escape: string }): string[] {
  const words = parseWords(rest, d);
  if (words.length === 0) return [];
  if (!words[0].includes('=')) {
    const parts = splitOnce(rest);
    return [parts[0], parts[1] ?? '', ''];
  }
  const out: string[] = [];
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq < 0) out.push(w, '', '=');
    else out.push(w.slice(0, eq), w.slice(eq + 1), '=');
  }
  return out;
}

function canContainHeredoc(node: DockerfileNode): boolean {
  const target = node.value.toLowerCase() === 'onbuild' && node.child ? node.child : node;
  return HEREDOC_KEYWORDS.has(target.value.toUpperCase()) && !target.json;
}

/** Shell-like words of a line, quotes and escapes kept (the lexer with RawQuotes + RawEscapes). */
function rawShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      word += c;
      if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else if (c === quote) quote = '';
      continue;
    }
    if (isSpace(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === '\\' && i + 1 < line.length) {
      word += c + line[++i];
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    word += c;
  }
  if (inWord) words.push(word);
  return words;
}

/** parser.go heredocsFromLine / heredocFromMatch: the `<<WORD` words of the line. */
function heredocsFromLine(line: string): Omit<Heredoc, 'content'>[] {
  const out: Omit<Heredoc, 'content'>[] = [];
  for (const w of rawShellWords(line)) {
    const m = HEREDOC_RE.exec(w);
    if (!m || m[3] === '') continue;
    const raw = m[3];
    // The terminator with quotes and escapes removed; quoted anywhere → the body is not expanded.
    const name = raw.replace(/\\(.)/g, '$1').replace(/["']/g, '');
    if (name === '' || /\s/.test(name)) continue;
    out.push({ name, chomp: m[2] === '-', expand: !/["']/.test(raw), fileDescriptor: m[1] === '' ? 0 : Number(m[1]) });
  }
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

/**
 * The node as the reference parser's `Node.Dump` prints it (the `result` files of its test data):
 * `(keyword ["--flag"…] "arg" …)`, strings quoted like Go's strconv.Quote.
 */
export function dumpNode(node: DockerfileNode): string {
  let s = node.value.toLowerCase();
  if (node.flags.length > 0) s += ` [${node.flags.map(goQuote).join(' ')}]`;
  if (node.child) s += ` (${dumpNode(node.child)})`;
  for (const v of node.values) s += ` ${goQuote(v)}`;
  return s.trim();
}

/** Go's strconv.Quote: printable characters kept, the rest escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\v') out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) out += ch;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
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

/** Is the instruction in JSON (exec) form, its whole text one JSON array of strings? (Callers JSON.parse `rest`.) */
export function isJsonForm(ins: Instruction): boolean {
  if (!ins.rest.startsWith('[')) return false;
  try {
    const v: unknown = JSON.parse(ins.rest);
    return Array.isArray(v) && v.every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}

/** Source paths of a COPY/ADD (without the destination), JSON or shell form, as Docker reads them. */
export function copySources(ins: Instruction): string[] {
  return ins.node.values.slice(0, -1);
}
