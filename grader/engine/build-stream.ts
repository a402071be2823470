/**
 * Parser of the classic builder's JSON progress stream (pure).
 *
 * The classic builder (build API version 1) writes, per instruction:
 *   {"stream":"Step 3/6 : RUN npm install"} {"stream":"\n"}
 *   {"stream":" ---> Using cache\n"}                      (cache hit)   or
 *   {"stream":" ---> Running in 0123abcd\n"} …RUN output… {"stream":"Removing intermediate container …\n"}
 *   {"stream":" ---> 89abcdef0123\n"}                      (the step's image id)
 * then {"aux":{"ID":"sha256:…"}} and "Successfully built …", or {"errorDetail":{…},"error":"…"}.
 *
 * RUN output arrives in the same `stream` field, so a RUN can print any of those lines. The parser
 * therefore accepts a step header only for the expected next step number, and accepts
 * ` ---> Using cache` only as the line RIGHT AFTER that header; a header that arrives out of order
 * marks the stream as suspicious. Even so the parser's cache flags are provisional (good for live
 * progress): a RUN can print a complete fake header + "Using cache". The authoritative cache state
 * comes from the image history (inspect/history.ts). `aux` and `errorDetail` messages are separate
 * JSON objects a RUN cannot produce, so the final image id and the error are trustworthy.
 */

import { isExplainingLine } from '../report/failure-excerpt';
import { OUTPUT_CAPS } from '../../lib/grading/limits';

export interface StreamStep {
  n: number;
  total: number;
  /** Instruction text as the builder printed it. */
  instruction: string;
  /** Provisional: " ---> Using cache" right after the header. */
  cached: boolean;
  /** Short image id reported at the end of the step (last ` ---> <id>` line before the next header). */
  imageId?: string;
  /**
   * The step's output: all of it, or (past 4 KiB) the lines of the dropped part that explain a failure,
   * a `[… N characters of output skipped …]` line, then the tail.
   */
  output: string;
  /** When the step's header arrived (ms since epoch): step durations are the gaps between headers. */
  startMs?: number;
}

export interface BuildStreamResult {
  steps: StreamStep[];
  total?: number;
  /** Final image id from the `aux` message (trustworthy). */
  imageId?: string;
  error?: string;
  /** A header arrived out of order: some step text was faked by a RUN (or the stream is unusual). */
  suspicious: boolean;
  /** Every short image id that appeared on a ` ---> <id>` line (for cleanup of a failed build). */
  seenImageIds: string[];
  log: string;
}

const HEADER_RE = /^Step (\d+)\/(\d+) : ?(.*)$/;
const ARROW_ID_RE = /^ ---> ([0-9a-f]{12,64})$/;
const USING_CACHE = ' ---> Using cache';
const RUNNING_RE = /^ ---> Running in [0-9a-f]{12,64}$/;
const REMOVING_RE = /^Removing intermediate container [0-9a-f]{12,64}$/;
const STEP_OUTPUT_CAP = OUTPUT_CAPS.stepOutputChars;
/** Explaining lines kept from the part of a step's output that the cap dropped. */
const MAX_KEPT_LINES = OUTPUT_CAPS.keptExplainingLines;
// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;]*[A-Za-z]/g;

/**
 * A log that keeps its head and tail within `headCap` + `tailCap` characters (a fork bomb or a loop floods it), and from
 * the skipped middle the lines that explain a failure (report/failure-excerpt.ts), at most 20.
 */
export class CappedLog {
  private head = '';
  private tail = '';
  private skipped = 0;
  private kept: string[] = [];
  constructor(private readonly headCap = OUTPUT_CAPS.streamLogHeadChars, private readonly tailCap = OUTPUT_CAPS.streamLogTailChars) {}
  append(s: string): void {
    if (this.head.length < this.headCap) {
      const room = this.headCap - this.head.length;
      this.head += s.slice(0, room);
      s = s.slice(room);
    }
    if (s === '') return;
    this.tail += s;
    if (this.tail.length > this.tailCap * 2) this.trimTail();
  }
  private trimTail(): void {
    if (this.tail.length > this.tailCap) {
      const cut = this.tail.length - this.tailCap;
      for (const line of this.tail.slice(0, cut).split('\n')) {
        if (this.kept.length < MAX_KEPT_LINES && isExplainingLine(line) && !this.kept.includes(line)) this.kept.push(line);
      }
      this.skipped += cut;
      this.tail = this.tail.slice(cut);
    }
  }
  toString(): string {
    this.trimTail();
    if (this.skipped === 0) return this.head + this.tail;
    const kept = this.kept.length ? `${this.kept.join('\n')}\n[… the lines above explain a failure; the rest of the skipped part is left out …]\n` : '';
    return `${this.head}\n[… ${this.skipped} characters of log skipped …]\n${kept}${this.tail}`;
  }
}

export class BuildStreamParser {
  private buf = '';
  private steps: StreamStep[] = [];
  private total?: number;
  private current?: StreamStep;
  private afterHeader = false;
  private imageId?: string;
  private error?: string;
  private suspicious = false;
  private seen = new Set<string>();
  private readonly log = new CappedLog();

  /** `onStep` fires once per step, as soon as its cache flag is known (on the line after its header). */
  constructor(
    private readonly onStep?: (step: StreamStep) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Feed one decoded JSON message of the progress stream. */
  push(msg: unknown): void {
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as { stream?: unknown; aux?: { ID?: unknown }; error?: unknown; errorDetail?: { message?: unknown }; status?: unknown };
    if (typeof m.stream === 'string') {
      this.log.append(m.stream.replace(ANSI_RE, ''));
      this.buf += m.stream;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, nl).replace(/\r$/, '');
        this.buf = this.buf.slice(nl + 1);
        this.line(line);
      }
      // Bound a line that never ends.
      if (this.buf.length > 64 * 1024) {
        this.line(this.buf);
        this.buf = '';
      }
    }
    if (m.aux && typeof m.aux.ID === 'string') this.imageId = m.aux.ID;
    if (m.errorDetail || m.error !== undefined) {
      const text = typeof m.errorDetail?.message === 'string' ? m.errorDetail.message : String(m.error);
      this.error = text;
      this.log.append(`ERROR: ${text}\n`);
    }
    if (typeof m.status === 'string') this.log.append(`${m.status}\n`);
  }

  /** Feed raw bytes of the newline-delimited JSON stream (handles JSON objects split across chunks). */
  private raw = '';
  pushRaw(chunk: string): void {
    this.raw += chunk;
    let nl: number;
    while ((nl = this.raw.indexOf('\n')) >= 0) {
      const text = this.raw.slice(0, nl).trim();
      this.raw = this.raw.slice(nl + 1);
      if (text === '') continue;
      try {
        this.push(JSON.parse(text));
      } catch {
        this.log.append(`${text}\n`);
      }
    }
  }

  private line(raw: string): void {
    // The daemon colours RUN stderr with ANSI escapes (\x1b[91m … \x1b[0m): drop them, and a line
    // that held nothing else.
    const line = raw.replace(ANSI_RE, '');
    if (line === '' && raw !== '') return;
    const wasAfterHeader = this.afterHeader;
    this.afterHeader = false;
    const h = HEADER_RE.exec(line);
    if (h) {
      const n = Number(h[1]);
      const total = Number(h[2]);
      if (n === this.steps.length + 1 && (this.total === undefined || total === this.total)) {
        if (wasAfterHeader && this.current) this.onStep?.(this.current);
        this.total = total;
        this.current = { n, total, instruction: h[3], cached: false, output: '', startMs: this.now() };
        this.steps.push(this.current);
        this.afterHeader = true;
        return;
      }
      this.suspicious = true; // an out-of-order header: treat it as output
    }
    const cur = this.current;
    if (!cur) return;
    if (wasAfterHeader) {
      cur.cached = line === USING_CACHE;
      this.onStep?.(cur);
      if (cur.cached) return;
    }
    if (RUNNING_RE.test(line) || REMOVING_RE.test(line)) return;
    const id = ARROW_ID_RE.exec(line);
    if (id) {
      cur.imageId = id[1];
      this.seen.add(id[1]);
      return;
    }
    cur.output += `${line}\n`;
    if (cur.output.length > STEP_OUTPUT_CAP * 2) this.trimOutput(cur);
  }

  /**
   * Cap a step's output at its last STEP_OUTPUT_CAP characters (whole lines), but keep the lines of
   * the dropped part that explain a failure (report/failure-excerpt.ts): npm prints its `ERR! code`
   * before a long advice text, a compiler its first error before hundreds more.
   */
  private dropped = new Map<StreamStep, { kept: string[]; skipped: number }>();
  private finalized = new WeakSet<StreamStep>();
  private trimOutput(step: StreamStep): void {
    if (step.output.length <= STEP_OUTPUT_CAP) return;
    let cut = step.output.length - STEP_OUTPUT_CAP;
    const nl = step.output.indexOf('\n', cut - 1);
    if (nl >= 0 && nl < step.output.length - 1) cut = nl + 1;
    const d = this.dropped.get(step) ?? { kept: [], skipped: 0 };
    for (const l of step.output.slice(0, cut).split('\n')) {
      if (d.kept.length < MAX_KEPT_LINES && isExplainingLine(l) && !d.kept.includes(l)) d.kept.push(l);
    }
    d.skipped += cut;
    this.dropped.set(step, d);
    step.output = step.output.slice(cut);
  }

  result(): BuildStreamResult {
    if (this.buf !== '') {
      this.line(this.buf);
      this.buf = '';
    }
    if (this.afterHeader && this.current) {
      this.afterHeader = false;
      this.onStep?.(this.current);
    }
    for (const s of this.steps) {
      if (this.finalized.has(s)) continue; // result() may be called more than once
      this.finalized.add(s);
      this.trimOutput(s);
      const d = this.dropped.get(s);
      if (d) {
        s.output = `${d.kept.map((l) => `${l}\n`).join('')}[… ${d.skipped} characters of output skipped …]\n${s.output}`;
        this.dropped.delete(s);
      }
    }
    return {
      steps: this.steps,
      total: this.total,
      imageId: this.imageId,
      error: this.error,
      suspicious: this.suspicious,
      seenImageIds: [...this.seen],
      log: this.log.toString(),
    };
  }
}
