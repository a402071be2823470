/**
 * Advisory Dockerfile hints (pure, over the parsed Dockerfile): the habits the lesson teaches.
 * Each rule is a small object — key, evaluate(parsed) → hints — in the manner of dive's CI rules.
 */
import { isJsonForm, type Instruction, type ParsedDockerfile } from '../../lib/dockerfile/parse';

/** Keys of the advisory rules (the `rules` option of the `lint` check kind, grader/checks/lint.ts). */
export const LINT_RULES = ['consecutive-run', 'add-instead-of-copy', 'shell-form-cmd', 'package-cache', 'cleanup-in-later-layer'] as const;
export type LintRuleKey = (typeof LINT_RULES)[number];

export interface LintHint {
  rule: LintRuleKey;
  /** First source line concerned. */
  line: number;
  /** What is wrong and why, then how to fix it. */
  message: string;
}

/**
 * A test on one RUN: a regular expression over its command text (the built-in rules), or a predicate
 * over the parsed instruction (a lab's command matcher, see dockerfile/select.ts `instructionRuns`).
 */
export type RunTest = RegExp | ((ins: Instruction, parsed: ParsedDockerfile) => boolean);

function passes(t: RunTest, ins: Instruction, parsed: ParsedDockerfile, cmd: string): boolean {
  return t instanceof RegExp ? t.test(cmd) : t(ins, parsed);
}

/** A package cache: `install` creates it, `clean` (in the same RUN) removes it or avoids it. */
export interface CacheRule {
  name: string;
  install: RunTest;
  clean: RunTest;
  /** How to avoid it, e.g. "add `--no-cache`". */
  fix: string;
}

export const BUILTIN_CACHES: readonly CacheRule[] = [
  {
    name: 'apt package lists (/var/lib/apt/lists)',
    install: /\bapt(?:-get)?\s+(?:-\S+\s+)*(?:install|update)\b/,
    clean: /\brm\s+(?:-\S+\s+)*[^&;|]*\/var\/lib\/apt\/lists/,
    fix: 'end the same RUN with `&& rm -rf /var/lib/apt/lists/*`',
  },
  {
    name: 'the apk cache (/var/cache/apk)',
    install: /\bapk\s+(?:-\S+\s+)*(?:add|update)\b/,
    clean: /--no-cache\b|\brm\s+(?:-\S+\s+)*[^&;|]*\/var\/cache\/apk/,
    fix: 'use `apk add --no-cache …` (or `&& rm -rf /var/cache/apk/*` in the same RUN)',
  },
  {
    name: 'the npm cache (~/.npm)',
    install: /\bnpm\s+(?:-\S+\s+)*(?:install|i|ci|add)\b/,
    clean: /\bnpm\s+cache\s+clean\b|--cache[=\s]|npm_config_cache=|\brm\s+(?:-\S+\s+)*[^&;|]*\.npm\b/,
    fix: 'end the same RUN with `&& npm cache clean --force`',
  },
  {
    name: 'the pip cache (~/.cache/pip)',
    install: /\bpip3?\s+(?:-\S+\s+)*install\b/,
    clean: /--no-cache-dir\b|\brm\s+(?:-\S+\s+)*[^&;|]*\.cache\/pip/,
    fix: 'use `pip install --no-cache-dir …`',
  },
];

const ARCHIVE_RE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;
const URL_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
/** A RUN that only deletes things (`rm`, `apt-get clean`, `npm cache clean`, …). */
const CLEANUP_ONLY_RE = /^(?:\s*(?:rm\s+(?:-\S+\s+)*\S.*?|apt(?:-get)?\s+(?:-\S+\s+)*(?:clean|autoclean|autoremove)\b.*?|npm\s+cache\s+clean\b.*?|yarn\s+cache\s+clean\b.*?|apk\s+cache\s+clean\b.*?|true)\s*(?:&&|;|$))+\s*$/;

function runCommand(ins: Instruction): string {
  if (isJsonForm(ins)) return (JSON.parse(ins.rest) as string[]).join(' ');
  return ins.rest;
}

const lines = (a: Instruction, b: Instruction) => (a.startLine === b.startLine ? `Line ${a.startLine}` : `Lines ${a.startLine}–${b.endLine}`);

interface Rule {
  key: LintRuleKey;
  evaluate(parsed: ParsedDockerfile, caches: readonly CacheRule[]): LintHint[];
}

const consecutiveRun: Rule = {
  key: 'consecutive-run',
  evaluate(parsed) {
    const out: LintHint[] = [];
    for (const stage of parsed.stages) {
      let group: Instruction[] = [];
      const flush = () => {
        if (group.length >= 2) {
          out.push({
            rule: 'consecutive-run',
            line: group[0].startLine,
            message: `${lines(group[0], group[group.length - 1])}: ${group.length} consecutive RUN instructions make ${group.length} layers. Join them into one RUN with \`&&\` (one layer), and delete temporary files in that same RUN.`,
          });
        }
        group = [];
      };
      for (const ins of stage.instructions) {
        if (ins.keyword === 'RUN') group.push(ins);
        else flush();
      }
      flush();
    }
    return out;
  },
};

const addInsteadOfCopy: Rule = {
  key: 'add-instead-of-copy',
  evaluate(parsed) {
    const out: LintHint[] = [];
    for (const ins of parsed.instructions) {
      if (ins.keyword !== 'ADD' || ins.flags.from !== undefined) continue;
      let words: string[];
      try {
        words = isJsonForm(ins) ? (JSON.parse(ins.rest) as string[]) : ins.rest.split(/\s+/).filter(Boolean);
      } catch {
        continue;
      }
      const sources = words.slice(0, -1);
      if (sources.length === 0 || sources.some((s) => URL_RE.test(s) || ARCHIVE_RE.test(s))) continue;
      out.push({
        rule: 'add-instead-of-copy',
        line: ins.startLine,
        message: `Line ${ins.startLine} \`${ins.text}\`: use COPY. ADD does the same for plain local files but also extracts archives and fetches URLs, so it hides what the step does; keep ADD for extracting a local tar archive.`,
      });
    }
    return out;
  },
};

const shellFormCmd: Rule = {
  key: 'shell-form-cmd',
  evaluate(parsed) {
    const out: LintHint[] = [];
    for (const ins of parsed.instructions) {
      if ((ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') || ins.rest === '' || isJsonForm(ins)) continue;
      const words = ins.rest.split(/\s+/).filter(Boolean);
      const simple = words.every((w) => /^[\w./:=@%+,-]+$/.test(w));
      const suggestion = simple ? ` e.g. \`${ins.keyword} ${JSON.stringify(words).replace(/","/g, '", "')}\`` : '';
      out.push({
        rule: 'shell-form-cmd',
        line: ins.startLine,
        message: `Line ${ins.startLine} \`${ins.text}\` is in shell form: Docker runs it as \`/bin/sh -c "…"\`, so your program is not PID 1 and does not receive signals (\`docker stop\` waits, then kills it). Use the exec form${suggestion}.`,
      });
    }
    return out;
  },
};

const packageCache: Rule = {
  key: 'package-cache',
  evaluate(parsed, caches) {
    const out: LintHint[] = [];
    for (const ins of parsed.instructions) {
      if (ins.keyword !== 'RUN') continue;
      const cmd = runCommand(ins);
      for (const c of caches) {
        if (passes(c.install, ins, parsed, cmd) && !passes(c.clean, ins, parsed, cmd)) {
          out.push({
            rule: 'package-cache',
            line: ins.startLine,
            message: `Line ${ins.startLine} \`${ins.text.length > 70 ? `${ins.text.slice(0, 69)}…` : ins.text}\` leaves ${c.name} in its layer: ${c.fix}. Deleting it in a later RUN does not help — the bytes stay in this layer.`,
          });
        }
      }
    }
    return out;
  },
};

const cleanupInLaterLayer: Rule = {
  key: 'cleanup-in-later-layer',
  evaluate(parsed) {
    const out: LintHint[] = [];
    for (const stage of parsed.stages) {
      stage.instructions.forEach((ins, i) => {
        if (ins.keyword !== 'RUN' || i === 0) return;
        const cmd = runCommand(ins);
        if (!/\brm\b|\bclean\b|\bautoremove\b/.test(cmd) || !CLEANUP_ONLY_RE.test(cmd)) return;
        out.push({
          rule: 'cleanup-in-later-layer',
          line: ins.startLine,
          message: `Line ${ins.startLine} \`${ins.text.length > 70 ? `${ins.text.slice(0, 69)}…` : ins.text}\` only deletes files, in a layer of its own: the files disappear from the final view but their bytes stay in the earlier layer that added them (the image does not shrink). Delete them at the end of the RUN that creates them.`,
        });
      });
    }
    return out;
  },
};

const RULES: readonly Rule[] = [consecutiveRun, addInsteadOfCopy, shellFormCmd, packageCache, cleanupInLaterLayer];

export interface LintOptions {
  /** Rules to apply (default: all). */
  rules?: readonly LintRuleKey[];
  /** Extra package caches, e.g. a lab's own installer. */
  caches?: readonly CacheRule[];
}

/** Every hint for the Dockerfile, in line order. */
export function lintDockerfile(parsed: ParsedDockerfile, opts: LintOptions = {}): LintHint[] {
  const wanted = new Set(opts.rules ?? LINT_RULES);
  const caches = [...BUILTIN_CACHES, ...(opts.caches ?? [])];
  return RULES.filter((r) => wanted.has(r.key))
    .flatMap((r) => r.evaluate(parsed, caches))
    .sort((a, b) => a.line - b.line || LINT_RULES.indexOf(a.rule) - LINT_RULES.indexOf(b.rule));
}
