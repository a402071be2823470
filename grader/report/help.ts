/**
 * Help for a failing check (pure): what happened, why, how to fix it, and the lesson section that
 * teaches it. `what` is the check's own feedback (without the author's hint); `why` is what Docker
 * does that makes it so (the check's recognised cause, e.g. a well-known build failure; for cache
 * checks, the cache diff of the build; else the kind's `help`, grader/checks/<kind>.ts); `fix` is the
 * recognised cause's fix and/or the author's hint, or the kind's default; the lesson link is the
 * check's `lesson` override or the lab's `lesson`.
 */
import { checkKind } from '../checks/registry';
import type { LabCheck, LabDefinition } from '../labs';
import { lessonHref } from '../../lib/labs/lesson-link';
import type { CacheDiff } from './cache-diff';
import { lineList } from './cache-diff';
import { code } from './feedback';
import type { CheckHelp } from '../../lib/grading/report';

export type { CheckHelp } from '../../lib/grading/report';

export interface HelpInput {
  check: LabCheck;
  /** The check's feedback as scored. */
  feedback: string;
  lab: Pick<LabDefinition, 'lesson'>;
  cacheDiffs: readonly CacheDiff[];
  /** The check's own explanation of this failure (CheckOutcome.help), more specific than the kind's. */
  cause?: { why?: string; fix?: string };
}

export function checkHelp(input: HelpInput): CheckHelp {
  const { check, feedback, lab, cacheDiffs, cause } = input;
  const what = stripHint(feedback, check.hint);
  let why = cause?.why?.trim() || checkKind(check.kind)?.help.why || 'See the feedback above.';
  if (check.kind === 'cache') {
    const build = (check as { build?: string }).build;
    const diff = cacheDiffs.find((d) => d.build === build);
    const wantCached = (check as { cached?: boolean }).cached;
    if (diff) why = `${cacheWhy(diff, wantCached)} ${why}`;
  }
  // A recognised cause's fix first, then the author's hint (it may say what this lab expects).
  const fix = [cause?.fix?.trim(), check.hint?.trim()].filter(Boolean).join(' ') || checkKind(check.kind)?.help.fix || 'See the feedback above.';
  const slug = check.lesson?.slug ?? lab.lesson?.slug;
  const section = check.lesson?.section ?? (check.lesson?.slug ? undefined : lab.lesson?.section);
  return { what, why, fix, lessonUrl: lessonHref(slug, section) };
}

function cacheWhy(diff: CacheDiff, wantCached: boolean | undefined): string {
  if (!diff.firstMiss) {
    return wantCached === false
      ? `In build ${code(diff.build)} every step came from the cache: no COPY/ADD before that step takes the edited file${diff.changedFiles.length > 1 ? 's' : ''} (${diff.changedFiles.join(', ') || 'none'}), so nothing told Docker to run it again.`
      : `In build ${code(diff.build)} every step came from the cache.`;
  }
  const m = diff.firstMiss;
  const at = `${m.line !== undefined ? `line ${m.line}` : `step ${m.n}`} ${code(m.instruction)}`;
  let cause = '';
  if (m.cause.kind === 'files') cause = ` takes ${m.cause.files.join(', ')}, which the edit before build ${code(diff.build)} changed, so its cache key changed`;
  else if (m.cause.kind === 'instruction') cause = ' changed';
  else if (m.cause.kind === 'stage') cause = ` copies from stage ${code(m.cause.stage)}, which was rebuilt`;
  const rebuilt = diff.rebuilt.length ? ` Because of it, ${lineList(diff.rebuilt)} ran again.` : '';
  return `In build ${code(diff.build)}, ${at}${cause || ' missed the cache'}.${rebuilt}`;
}

/** The feedback without the author's hint that withHint() appended (shown as the fix instead). */
export function stripHint(feedback: string, hint?: string): string {
  const h = hint?.trim();
  const f = feedback.replace(/\s+$/, '');
  if (h && f.endsWith(h)) return f.slice(0, f.length - h.length).replace(/\s+$/, '');
  return f;
}
