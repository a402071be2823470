/** Small text helpers shared by the checks' feedback (pure). */
import type { StepRecord } from '../checks/types';

export function code(s: string, max = 80): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return `\`${one.length > max ? `${one.slice(0, max - 1)}…` : one}\``;
}

/** "line 4 `RUN npm install`" (or "step 4 `…`" when the line is unknown). */
export function stepRef(s: Pick<StepRecord, 'n' | 'line' | 'instruction'>, capital = false): string {
  const where = s.line !== undefined ? `line ${s.line}` : `step ${s.n}`;
  return `${capital ? where[0].toUpperCase() + where.slice(1) : where} ${code(s.instruction)}`;
}

export function listFiles(files: string[], max = 4): string {
  const shown = files.slice(0, max);
  const more = files.length > max ? ` and ${files.length - max} more` : '';
  if (shown.length <= 1) return `${shown.join('')}${more}`;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}${more}`;
}

export function lastLines(text: string, n = 6, maxChars = 600): string {
  const lines = text.replace(/\s+$/, '').split('\n').filter((l) => l.trim() !== '');
  const tail = lines.slice(-n).join('\n');
  return tail.length > maxChars ? `…${tail.slice(-maxChars)}` : tail;
}

export function withHint(text: string, hint?: string): string {
  if (!hint) return text;
  const t = text.replace(/\s+$/, '');
  return `${t}${/[.!?)`]$/.test(t) || t.includes('\n') ? '' : '.'}${t.includes('\n') ? '\n' : ' '}${hint.trim()}`;
}

/** The most telling error line of a program's output (e.g. Node's "Error: Cannot find module 'x'"). */
export function keyErrorLine(text: string): string | undefined {
  const lines = text.split('\n').map((l) => l.trim());
  return lines.find((l) => /^(\w*Error|npm ERR!.*(missing|error)|fatal|panic)\b.*:/i.test(l)) ?? lines.find((l) => /\b\w*Error: /.test(l));
}

/**
 * Does a COPY/ADD source (as written in the Dockerfile) take `file` (a context path)?
 * Follows the classic builder: `.` is everything; a source may name a file or a directory (whose
 * whole tree is copied); wildcards use Go's filepath.Match (`*` and `?` do not cross `/`, `[...]`).
 */
export function sourceCopies(source: string, file: string): boolean {
  let s = source.replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  s = s.split('/').filter((seg) => seg !== '.').join('/');
  if (s === '' || s === '.') return true;
  const srcSegs = s.split('/');
  const fileSegs = file.split('/');
  if (fileSegs.length < srcSegs.length) return false;
  const prefix = fileSegs.slice(0, srcSegs.length);
  return srcSegs.every((seg, i) => globSegment(seg).test(prefix[i]));
}

function globSegment(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let cls = seg.slice(i + 1, end);
        if (cls.startsWith('^')) cls = `^${cls.slice(1)}`;
        re += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < seg.length) {
      re += seg[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
