/**
 * Comparing an image's history with a target listing (pure): what the `history` check grades.
 *
 * Normalisation makes the different spellings of one instruction equal:
 *   - history text: `/bin/sh -c #(nop)  CMD ["cat" "hello.txt"]` → `CMD ["cat","hello.txt"]`,
 *     `/bin/sh -c mkdir /app` → `RUN mkdir /app`, `|1 V=x /bin/sh -c …` (build args) → `RUN …`,
 *     BuildKit's `RUN /bin/sh -c x # buildkit` → `RUN x`;
 *   - Dockerfile text: `RUN /bin/sh -c x` ≡ `RUN x`, exec-form arrays in JSON or Go spelling,
 *     shell-form `CMD x` ≡ `CMD ["/bin/sh","-c","x"]` (which is what Docker records), legacy
 *     `ENV K V` ≡ `ENV K=V`;
 *   - whitespace folded, keywords upper-cased. COPY/ADD compare only the destination: the history
 *     records a content hash (`COPY file:3f… in /app/`), never the source names.
 */

export interface HistoryRow {
  /** Normalised instruction. */
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

const EXEC_KEYWORDS = new Set(['CMD', 'ENTRYPOINT']);

/** Strip the builder's wrapping from a history `created_by` and return `KEYWORD args`. */
export function historyInstruction(createdBy: string): string {
  let s = createdBy.trim();
  if (s === '') return '';
  s = s.replace(/\s+# buildkit$/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s*/.exec(s);
  if (nop) return normaliseInstruction(s.slice(nop[0].length));
  // Build args are recorded in front of a RUN: `|2 A=1 B=2 /bin/sh -c …`.
  const args = /^\|(\d+)\s+/.exec(s);
  if (args) {
    let rest = s.slice(args[0].length);
    for (let i = 0; i < Number(args[1]); i++) rest = rest.replace(/^\S+\s*/, '');
    s = rest;
  }
  if (/^[A-Z]+\b/.test(s) && !s.startsWith('/')) return normaliseInstruction(s); // BuildKit: `RUN …`, `WORKDIR …`
  return normaliseInstruction(`RUN ${s}`);
}

/** Normalise one instruction as written in a Dockerfile or in a target listing. */
export function normaliseInstruction(text: string): string {
  const t = fold(text.replace(/\\\r?\n/g, ' '));
  const m = /^(\S+)\s*([\s\S]*)$/.exec(t);
  if (!m) return '';
  const keyword = m[1].toUpperCase();
  let args = m[2];
  if (keyword === 'RUN') {
    const exec = parseExecArray(args);
    if (exec) args = exec.length >= 3 && /^(\/bin\/)?sh$/.test(exec[0]) && exec[1] === '-c' ? exec.slice(2).join(' ') : exec.join(' ');
    args = args.replace(/^\/bin\/sh -c\s+/, '');
    return fold(`RUN ${args}`);
  }
  if (EXEC_KEYWORDS.has(keyword)) {
    const exec = parseExecArray(args) ?? ['/bin/sh', '-c', args];
    return `${keyword} ${JSON.stringify(exec)}`;
  }
  if (keyword === 'ENV' || keyword === 'LABEL') {
    // Legacy `ENV K V` means `ENV K=V`.
    const legacy = /^([^\s=]+)\s+(.+)$/.exec(args);
    if (keyword === 'ENV' && legacy && !legacy[1].includes('=')) args = `${legacy[1]}=${legacy[2]}`;
    return fold(`${keyword} ${args}`);
  }
  if (keyword === 'COPY' || keyword === 'ADD') {
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
  return fold(`${keyword} ${args}`);
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
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    const instructionOk = e !== undefined && a !== undefined && normaliseInstruction(e.instruction) === a.instruction;
    const sizeOk = e === undefined || a === undefined || e.size === undefined || a.size === undefined || sizeMatches(a.size, e.size, tol);
    rows.push({ n: i + 1, expected: e, actual: a, instructionOk, sizeOk, ok: instructionOk && sizeOk });
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
    const e = r.expected ? clip(normaliseInstruction(r.expected.instruction), width) : '(nothing more)';
    const a = r.actual ? clip(r.actual.instruction, width) : '(nothing more)';
    const es = r.expected?.size !== undefined ? humanSize(r.expected.size) : '';
    const as = humanSize(r.actual?.size);
    const verdict = r.ok ? 'ok' : !r.instructionOk ? (r.expected && r.actual ? 'differs' : r.actual ? 'extra' : 'missing') : 'size differs';
    lines.push(`  ${mark} ${String(r.n).padStart(2)}  ${e.padEnd(width)}  ${es.padStart(6)}   ${a.padEnd(width)}  ${as.padStart(6)}  ${String(r.actual?.line ?? '').padStart(4)}  ${verdict}`);
  });
  return lines.join('\n');
}
