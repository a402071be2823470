/**
 * Help for a failing check (pure): what happened, why, how to fix it, and the lesson section that
 * teaches it. `what` is the check's own feedback (without the author's hint); `why` is what Docker
 * does that makes it so (the check's recognised cause, e.g. a well-known build failure; for cache
 * checks, the cache diff of the build; else the kind's); `fix` is the recognised cause's fix and/or
 * the author's hint, or the kind's default; the lesson link is the check's `lesson` override or the
 * lab's `lesson`.
 */
import type { LabCheck, LabDefinition } from '../../lib/labs/schema';
import { lessonHref } from '../../lib/labs/lesson-link';
import type { CacheDiff } from './cache-diff';
import { lineList } from './cache-diff';
import { code } from './feedback';

export interface CheckHelp {
  what: string;
  why: string;
  fix: string;
  /** `/lessons/<slug>#<section>`, or null when the lab names no lesson. */
  lessonUrl: string | null;
}

export interface HelpInput {
  check: LabCheck;
  /** The check's feedback as scored. */
  feedback: string;
  lab: Pick<LabDefinition, 'lesson'>;
  cacheDiffs: readonly CacheDiff[];
  /** The check's own explanation of this failure (CheckOutcome.help), more specific than the kind's. */
  cause?: { why?: string; fix?: string };
}

/** Why Docker behaves that way, per check kind (a sentence a student can learn from). */
const WHY: Record<string, string> = {
  build: 'Docker runs the instructions in order and stops at the first one that fails; without an image, nothing else can be checked.',
  cache:
    'The classic builder reuses a step only if its parent layer was reused and its instruction is unchanged; for COPY/ADD the checksums of the copied files count too. The first step that misses the cache is rebuilt, and so is every step after it.',
  file: 'The final image holds only what the final stage copied in or created, at the paths the instructions used (relative paths are resolved against WORKDIR).',
  run: 'The grader starts the image without network, with its CMD/ENTRYPOINT, in the WORKDIR the image sets; it must print the expected output and exit as expected within the time limit.',
  'image-size': 'An image ships every layer it is made of, including build tools and files a later step deleted.',
  secret: 'Every layer, the history (build arguments included), the environment and the labels are part of the image: anyone who pulls it can read them, even if a later step deletes the file.',
  context: 'Everything in the build context is sent to the engine before the build starts; .dockerignore is what keeps files out of it (and out of `COPY . .`).',
  metadata: 'USER, WORKDIR, CMD, EXPOSE, ENV and LABEL are stored in the image config; the last one of each in the final stage wins.',
  history: '`docker history` lists one entry per instruction of the image, newest first; the order and the instructions must match.',
  'layer-count': 'Each RUN, COPY and ADD commits one layer; commands joined with `&&` in one RUN make one layer.',
  'wasted-bytes': 'A file deleted or changed by a later instruction disappears from the container\'s view, but its bytes stay in the layer that added it.',
  'file-absent-from-layers': 'Layers are stacked, not merged: a file deleted by a later step is still inside the layer that added it, and anyone can extract it.',
  lint: 'These are habits that keep images small and builds cache-friendly.',
};

const FIX: Record<string, string> = {
  build: 'Fix the line named above and build again.',
  cache: 'Copy the files a step needs (e.g. `package*.json`) before it, and the often-changing files (e.g. `src/`) after it.',
  file: 'Make sure a COPY or RUN of the final stage puts the file at that path.',
  run: 'Check the CMD, the WORKDIR and that every file the program needs was copied.',
  'image-size': 'Use a multi-stage build or clean up within the same RUN that created the files.',
  secret: 'Never COPY, ARG or ENV a secret; use it and remove it within one RUN, or pass it at run time.',
  context: 'Add the paths to .dockerignore.',
  metadata: 'Set the value in the final stage of the Dockerfile.',
  history: 'Write the instructions in the same order, with the same commands.',
  'layer-count': 'Join related commands into one RUN with `&&`.',
  'wasted-bytes': 'Create, use and delete temporary files within ONE RUN (`… && rm -rf …`).',
  'file-absent-from-layers': 'Never let the file reach a layer: delete it in the same RUN that created it, or keep it out of the context with .dockerignore.',
  lint: 'See the hint above.',
};

export function checkHelp(input: HelpInput): CheckHelp {
  const { check, feedback, lab, cacheDiffs, cause } = input;
  const what = stripHint(feedback, check.hint);
  let why = cause?.why?.trim() || WHY[check.kind] || 'See the feedback above.';
  if (check.kind === 'cache') {
    const build = (check as { build?: string }).build;
    const diff = cacheDiffs.find((d) => d.build === build);
    const wantCached = (check as { cached?: boolean }).cached;
    if (diff) why = `${cacheWhy(diff, wantCached)} ${why}`;
  }
  // A recognised cause's fix first, then the author's hint (it may say what this lab expects).
  const fix = [cause?.fix?.trim(), check.hint?.trim()].filter(Boolean).join(' ') || FIX[check.kind] || 'See the feedback above.';
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
