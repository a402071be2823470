/**
 * Comparing an image's history with a target listing (pure): what the `history` check grades.
 *
 * Both sides are brought to one canonical text per entry that keeps exactly the distinctions
 * Docker's classic builder records. Measured with docker.io 20.10.24 (`docker history --no-trunc`
 * of a build over the instructions below; history-match.test.ts holds those lines):
 *   - a shell-form `RUN x` is recorded as `<shell> x` (`/bin/sh -c x`, or the shell a SHELL
 *     instruction set: `/bin/sh -ec x`), an exec-form `RUN ["a", "b"]` as `a b` (the array joined by
 *     spaces, no shell). So `RUN ["/bin/sh", "-c", "x"]` and `RUN x` are recorded alike, while
 *     `RUN /bin/sh -c x` is recorded as `/bin/sh -c /bin/sh -c x`: a different entry. Canonical:
 *     `RUN x` for a command run through the shell in effect, `RUN (exec) a b` otherwise;
 *   - a RUN after ARGs with values is recorded with them in front, sorted: `|2 X=y Y=two words
 *     /bin/sh -c …` (ARGs overridden by ENV left out). The prefix is dropped (the ARG entries
 *     themselves are compared where they occur);
 *   - other instructions are recorded as `<shell> #(nop) ` + text (two spaces before most, one before
 *     WORKDIR): `ENV A=1 B=x y` (every pair as key=value, quotes removed, variables expanded with the
 *     environment before the instruction), `LABEL l1=1 l2=a b`, `ARG Y=two words`,
 *     `CMD ["cat" "hello.txt"]` (Go's %q array; a shell-form CMD/ENTRYPOINT becomes
 *     `["/bin/sh" "-c" "…"]` with the shell in effect), `SHELL [/bin/sh -ec]`, `VOLUME [/v1 /v2]`,
 *     `EXPOSE 3000 80/udp` (as written), `WORKDIR /app/sub` (relative paths resolved), `USER root`;
 *   - COPY/ADD record a content hash (`COPY file:3f… in /app/`), never the source names: only the
 *     destination is compared.
 * Deliberate leniency: runs of blanks count as one, and keywords are case-insensitive.
 */
import { parseDockerfile } from '../../lib/dockerfile/parse';

export interface HistoryRow {
  /** Canonical instruction (see above). */
  instruction: string;
  /** Layer size in bytes (`docker history`), when known. */
  size?: number;
  /** Dockerfile line that produced it, when known. */
  line?: number;
}

export interface ExpectedRow {
  instruction: string;
  /** Expected size in bytes; undefined = not compared. */
  size?: number;
}

export interface SizeTolerance {
  bytes: number;
  percent: number;
}

export interface ComparedRow {
  /** 1-based position (oldest first). */
  n: number;
  expected?: ExpectedRow;
  /** The expected instruction in canonical form. */
  expectedText?: string;
  actual?: HistoryRow;
  instructionOk: boolean;
  sizeOk: boolean;
  ok: boolean;
}

export interface HistoryComparison {
  rows: ComparedRow[];
  /** Index into `rows` of the first mismatch, -1 when everything matches. */
  firstMismatch: number;
  ok: boolean;
}

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
const DEFAULT_SHELL = ['/bin/sh', '-c'];

/** Parse an exec-form array written as JSON (`["a","b"]`) or by Go's %q (`["a" "b"]`). */
export function parseExecArray(text: string): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch {
    /* Go spelling below */
  }
  const inner = t.slice(1, -1).trim();
  if (inner === '') return [];
  const out: string[] = [];
  const re = /\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(inner)) !== null) {
    try {
      out.push(JSON.parse(`"${m[1]}"`) as string);
    } catch {
      return undefined;
    }
    end = re.lastIndex;
  }
  return end === inner.length ? out : undefined;
}

/** A recorded command line (argv joined by spaces) as a canonical RUN. */
function canonicalRun(recorded: string, shell: readonly string[]): string {
  const prefix = `${shell.join(' ')} `;
  if (recorded.startsWith(prefix)) return fold(`RUN ${recorded.slice(prefix.length)}`);
  return fold(`RUN (exec) ${recorded}`);
}

/** Drop the `|N K=V …` build-arg prefix of a recorded RUN (values may hold blanks). */
function stripBuildArgs(s: string, shell: readonly string[], args: ReadonlyMap<string, string>): string {
  const m = /^\|(\d+)(?: |$)/.exec(s);
  if (!m) return s;
  let rest = s.slice(m[0].length);
  const n = Number(m[1]);
  // The recorded pairs are the ARGs with values, sorted: strip the ones we know, in order.
  let stripped = 0;
  for (const [k, v] of [...args].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (stripped === n) break;
    const pair = `${k}=${v} `;
    if (rest.startsWith(pair)) {
      rest = rest.slice(pair.length);
      stripped++;
    }
  }
  if (stripped === n) return rest;
  // Unknown values: cut at the shell when it follows, else one word per pair.
  const at = s.indexOf(` ${shell.join(' ')} `);
  if (at >= 0) return s.slice(at + 1);
  rest = s.slice(m[0].length);
  for (let i = 0; i < n; i++) rest = rest.replace(/^\S+\s*/, '');
  return rest;
}

/**
 * The canonical instructions of a whole history (`created_by` values, oldest first), reading the
 * shell and the ARG values as the entries go (each `#(nop)` entry starts with the shell in effect).
 */
export function historyInstructions(createdBys: readonly string[]): string[] {
  let shell: string[] = DEFAULT_SHELL;
  const args = new Map<string, string>();
  return createdBys.map((raw) => {
    let s = raw.trim();
    if (s === '') return '';
    if (/\s# buildkit$/.test(s)) {
      // BuildKit's spelling: `RUN /bin/sh -c x # buildkit`, `WORKDIR /app`, …
      s = s.replace(/\s+# buildkit$/, '');
      const run = /^RUN\s+([\s\S]*)$/.exec(s);
      return run ? canonicalRun(stripBuildArgs(run[1], shell, args), shell) : normaliseRecorded(s);
    }
    const nop = s.indexOf('#(nop)');
    if (nop >= 0) {
      const prefix = s.slice(0, nop).trim();
      if (prefix !== '') shell = prefix.split(' ');
      const text = s.slice(nop + '#(nop)'.length).trim();
      const arg = /^ARG\s+([^=\s]+)=([\s\S]*)$/.exec(text);
      if (arg) args.set(arg[1], arg[2]);
      return normaliseRecorded(text);
    }
    return canonicalRun(stripBuildArgs(s, shell, args), shell);
  });
}

/** One `created_by` on its own (default shell, no ARG values known): for listings. */
export function historyInstruction(createdBy: string): string {
  return historyInstructions([createdBy])[0];
}

/** The text after `#(nop)` in canonical form. */
function normaliseRecorded(text: string): string {
  const t = fold(text);
  const m = /^(\S+)\s*([\s\S]*)$/.exec(t);
  if (!m) return '';
  const keyword = m[1].toUpperCase();
  const args = m[2];
  if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
    const exec = parseExecArray(args);
    return exec ? `${keyword} ${JSON.stringify(exec)}` : `${keyword} ${args}`;
  }
  if (keyword === 'COPY' || keyword === 'ADD') return copyDestination(keyword, args);
  return fold(`${keyword} ${args}`);
}

function copyDestination(keyword: string, args: string): string {
  // History: `COPY file:<hash> in <dest> ` / `COPY dir:<hash> in <dest>`; Dockerfile: `COPY [--flags] src… dest`.
  const hist = /\bin\s+(\S+)\s*$/.exec(args);
  let dest: string | undefined;
  if (/^(file|dir|multi):[0-9a-f]{6,}\b/.test(args) && hist) dest = hist[1];
  else {
    const words = args.split(' ').filter((w) => !w.startsWith('--'));
    const exec = parseExecArray(words.join(' '));
    dest = exec ? exec[exec.length - 1] : words[words.length - 1];
  }
  return `${keyword} … ${(dest ?? '').replace(/(.)\/+$/, '$1')}`;
}

/**
 * Docker's word processing for ENV/LABEL/ARG/WORKDIR values (frontend/dockerfile/shell, ProcessWord):
 * quotes removed, `\` escapes, `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR:+word}` expanded from `env`
 * (unset: empty).
 */
export function processWord(word: string, env: ReadonlyMap<string, string>): string {
  let out = '';
  let i = 0;
  const variable = (): string => {
    // at `$`
    i++;
    if (word[i] === '{') {
      const close = word.indexOf('}', i);
      if (close < 0) return '${';
      const body = word.slice(i + 1, close);
      i = close + 1;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([\s\S]*))?$/.exec(body);
      if (!m) return '';
      const v = env.get(m[1]);
      if (m[2] === '-') return v === undefined || v === '' ? processWord(m[3], env) : v;
      if (m[2] === '+') return v === undefined || v === '' ? '' : processWord(m[3], env);
      return v ?? '';
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word.slice(i));
    if (!m) return '$';
    i += m[0].length;
    return env.get(m[0]) ?? '';
  };
  while (i < word.length) {
    const c = word[i];
    if (c === "'") {
      const close = word.indexOf("'", i + 1);
      const end = close < 0 ? word.length : close;
      out += word.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < word.length && word[i] !== '"') {
        if (word[i] === '\\' && i + 1 < word.length && ['"', '\\', '$'].includes(word[i + 1])) {
          out += word[i + 1];
          i += 2;
        } else if (word[i] === '$') out += variable();
        else out += word[i++];
      }
      i++;
    } else if (c === '\\' && i + 1 < word.length) {
      out += word[i + 1];
      i += 2;
    } else if (c === '$') {
      out += variable();
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** What the builder knows while it goes through the instructions of one stage. */
interface TargetState {
  shell: string[];
  env: Map<string, string>;
  args: Map<string, string>;
  workdir: string;
}

/** One Dockerfile instruction (as written in a target listing) in canonical form, updating `st`. */
function canonicalTarget(text: string, st: TargetState): string {
  const ins = parseDockerfile(text.replace(/\\\r?\n/g, ' ')).instructions[0];
  if (!ins) return '';
  const node = ins.node;
  const keyword = ins.keyword;
  const vars = () => new Map([...st.args, ...st.env]);
  switch (keyword) {
    case 'RUN':
      return node.json ? canonicalRun(node.values.join(' '), st.shell) : fold(`RUN ${node.values[0] ?? ''}`);
    case 'CMD':
    case 'ENTRYPOINT': {
      const argv = node.json ? node.values : [...st.shell, node.values[0] ?? ''];
      return `${keyword} ${JSON.stringify(argv)}`;
    }
    case 'SHELL':
      if (node.json) st.shell = node.values;
      return `SHELL [${st.shell.join(' ')}]`;
    case 'ENV':
    case 'LABEL': {
      const before = vars();
      const pairs: string[] = [];
      for (let k = 0; k < node.values.length; k += 3) {
        const key = node.values[k];
        const value = processWord(node.values[k + 1] ?? '', before);
        pairs.push(`${key}=${value}`);
        if (keyword === 'ENV') st.env.set(key, value);
      }
      return fold(`${keyword} ${pairs.join(' ')}`);
    }
    case 'ARG': {
      const decls = node.values.map((w) => {
        const eq = w.indexOf('=');
        if (eq < 0) return w;
        const value = processWord(w.slice(eq + 1), vars());
        st.args.set(w.slice(0, eq), value);
        return `${w.slice(0, eq)}=${value}`;
      });
      return fold(`ARG ${decls.join(' ')}`);
    }
    case 'WORKDIR': {
      const dir = processWord(node.values[0] ?? '', vars());
      st.workdir = dir.startsWith('/') ? dir : `${st.workdir.replace(/\/$/, '')}/${dir}`;
      return `WORKDIR ${st.workdir}`;
    }
    case 'VOLUME':
      return `VOLUME [${node.values.join(' ')}]`;
    case 'COPY':
    case 'ADD':
      return copyDestination(keyword, ins.args);
    default:
      return fold(`${keyword} ${ins.args}`);
  }
}

/** The canonical form of each entry of a target listing (oldest first), as one stage builds them. */
export function targetInstructions(texts: readonly string[]): string[] {
  const st: TargetState = { shell: DEFAULT_SHELL, env: new Map(), args: new Map(), workdir: '/' };
  return texts.map((t) => canonicalTarget(t, st));
}

/** One instruction as written in a Dockerfile or a target listing, in canonical form (default shell). */
export function normaliseInstruction(text: string): string {
  return targetInstructions([text])[0];
}

/** `21`, `"21B"`, `"4.7MB"`, `"1.2 kB"` → bytes (decimal units, like `docker history`; KiB/MiB binary). */
export function parseSize(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*$/i.exec(v);
  if (!m) throw new Error(`not a size: ${JSON.stringify(v)}`);
  const unit = (m[2] ?? '').toLowerCase();
  const binary = unit.includes('i');
  const power = { '': 0, b: 0, k: 1, m: 2, g: 3, t: 4 }[unit.replace(/i?b$/, '').replace('i', '')] ?? 0;
  return Math.round(Number(m[1]) * (binary ? 1024 : 1000) ** power);
}

export function sizeMatches(actual: number, expected: number, tol: SizeTolerance): boolean {
  const allowed = Math.max(tol.bytes, (expected * tol.percent) / 100);
  return Math.abs(actual - expected) <= allowed;
}

/** Compare the target (oldest first) with the real history rows (oldest first). */
export function compareHistory(expected: readonly ExpectedRow[], actual: readonly HistoryRow[], tol: SizeTolerance): HistoryComparison {
  const rows: ComparedRow[] = [];
  const n = Math.max(expected.length, actual.length);
  const texts = targetInstructions(expected.map((e) => e.instruction));
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    const expectedText = e === undefined ? undefined : texts[i];
    const instructionOk = expectedText !== undefined && a !== undefined && expectedText === fold(a.instruction);
    const sizeOk = e === undefined || a === undefined || e.size === undefined || a.size === undefined || sizeMatches(a.size, e.size, tol);
    rows.push({ n: i + 1, expected: e, expectedText, actual: a, instructionOk, sizeOk, ok: instructionOk && sizeOk });
  }
  const firstMismatch = rows.findIndex((r) => !r.ok);
  return { rows, firstMismatch, ok: firstMismatch < 0 };
}

const clip = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s);

function humanSize(n: number | undefined): string {
  if (n === undefined) return '';
  if (n < 1000) return `${n}B`;
  const units = ['kB', 'MB', 'GB'];
  let v = n;
  let u = -1;
  do {
    v /= 1000;
    u++;
  } while (v >= 1000 && u < units.length - 1);
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}${units[u]}`;
}

/**
 * The comparison as a monospace table: expected vs actual per line, sizes where the target has them,
 * the Dockerfile line of each actual entry, and the first mismatch marked with `>>`.
 */
export function formatHistoryTable(cmp: HistoryComparison, width = 46): string {
  const head = `      #  ${'expected'.padEnd(width)}  ${'size'.padStart(6)}   ${'your image'.padEnd(width)}  ${'size'.padStart(6)}  line`;
  const lines = [head];
  cmp.rows.forEach((r, i) => {
    const mark = i === cmp.firstMismatch ? '>>' : r.ok ? '  ' : ' x';
    const e = r.expected ? clip(r.expectedText ?? '', width) : '(nothing more)';
    const a = r.actual ? clip(r.actual.instruction, width) : '(nothing more)';
    const es = r.expected?.size !== undefined ? humanSize(r.expected.size) : '';
    const as = humanSize(r.actual?.size);
    const verdict = r.ok ? 'ok' : !r.instructionOk ? (r.expected && r.actual ? 'differs' : r.actual ? 'extra' : 'missing') : 'size differs';
    lines.push(`  ${mark} ${String(r.n).padStart(2)}  ${e.padEnd(width)}  ${es.padStart(6)}   ${a.padEnd(width)}  ${as.padStart(6)}  ${String(r.actual?.line ?? '').padStart(4)}  ${verdict}`);
  });
  return lines.join('\n');
}
