/**
 * The excerpt of a failed step's output that a student reads (pure): first the lines that say WHY it
 * failed (error codes, "not found", "permission denied", "No such file or directory", …), then the
 * tail, never a line twice.
 *
 * A tail alone misses the cause whenever a program explains itself first and then adds advice: npm's
 * `ERR! code EACCES` / `syscall mkdir` / `path /app/node_modules` lines come before a paragraph of
 * "If you believe this might be a permissions issue …" and the path of its debug log.
 */
import { OUTPUT_CAPS } from '../../lib/grading/limits';

/**
 * Lines that explain a failure. npm's object dumps (`npm ERR!   errno: -13,`) and bare `npm ERR!`
 * separators repeat what the lines above them say, so they never count.
 */
const EXPLAINING: RegExp[] = [
  /^npm (?:ERR!|error) (?:code|syscall|path|errno|missing script|Missing script)\b/i,
  /^npm (?:ERR!|error) \w*Error: /,
  /\bE[A-Z]{3,}\b(?::|\s|$)/, // EACCES, ENOENT, EUSAGE, ENOTCACHED, ERESOLVE … (npm, node, libc)
  /\bnot found\b/i,
  /\bpermission denied\b/i,
  /\bno such file or directory\b/i,
  /\bnot a directory\b/i,
  /\bcannot find (?:module|name|package)\b/i,
  /\bcan only install\b/i,
  /\berror TS\d+:/,
  /^(?:\w+ )?error(?:\[[^\]]*\])?: /i, // "error: …", "gcc error: …"
  /^\w*Error: /,
  /\b(?:fatal|panic):/i,
];
const NOT_EXPLAINING = [/^npm (?:ERR!|error)\s*$/, /^npm (?:ERR!|error)\s{2,}\S+: /, /complete log of this run/i];

/** Does this line of output explain why a step failed? (used by the excerpt and by the stream parser to keep such lines). */
export function isExplainingLine(line: string): boolean {
  const l = line.trim();
  if (l === '' || l.length > 400) return false;
  if (NOT_EXPLAINING.some((re) => re.test(l))) return false;
  return EXPLAINING.some((re) => re.test(l));
}

export interface ExcerptOptions {
  /** At most this many explaining lines first (default 8). */
  explaining?: number;
  /** Then at most this many last lines (default 6). */
  tail?: number;
  /** Cap of the whole excerpt in characters (default 1200); a longer excerpt keeps its end. */
  maxChars?: number;
}

/**
 * The explaining lines (in output order, duplicates dropped), then `…` when lines were skipped, then
 * the last lines that are not already shown. '' for output without a non-blank line.
 */
export function failureExcerpt(output: string, opts: ExcerptOptions = {}): string {
  return failureExcerptParts(output, opts).text;
}

/** failureExcerpt, and whether it shows explaining lines from before the tail. */
export function failureExcerptParts(output: string, opts: ExcerptOptions = {}): { text: string; explained: boolean } {
  const maxExplaining = opts.explaining ?? OUTPUT_CAPS.failureExcerptExplainingLines;
  const maxTail = opts.tail ?? OUTPUT_CAPS.failureExcerptTailLines;
  const maxChars = opts.maxChars ?? OUTPUT_CAPS.failureExcerptChars;
  const lines = output
    .replace(/\s+$/, '')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    // Blank lines and npm's bare `npm ERR!` separators carry nothing: left out, they make no gap.
    .filter((l) => l.trim() !== '' && !/^npm (?:ERR!|error)$/.test(l.trim()) && !/^\[… \d+ characters of (?:log|output) skipped …\]$/.test(l.trim()));
  if (lines.length === 0) return { text: '', explained: false };
  const tailStart = Math.max(0, lines.length - maxTail);
  const picked: number[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < tailStart && picked.length < maxExplaining; i++) {
    const key = lines[i].trim();
    if (!isExplainingLine(lines[i]) || seen.has(key)) continue;
    seen.add(key);
    picked.push(i);
  }
  const tail: number[] = [];
  for (let i = tailStart; i < lines.length; i++) {
    const key = lines[i].trim();
    if (seen.has(key)) continue;
    seen.add(key);
    tail.push(i);
  }
  const out: string[] = [];
  let prev = -1;
  for (const i of [...picked, ...tail]) {
    if (out.length > 0 && i !== prev + 1) out.push('…');
    out.push(lines[i]);
    prev = i;
  }
  const text = out.join('\n');
  return { text: text.length > maxChars ? `…${text.slice(text.length - maxChars)}` : text, explained: picked.length > 0 };
}
