/**
 * Well-known causes of a failed build step (or of an image that fails to start), table-driven and
 * pure: each entry looks at the failed step, the engine's error, the step's output and the parsed
 * Dockerfile, and when it recognises its cause, says what happened (`why`, naming the lines) and how to
 * fix it (`fix`). The build check adds the first match to its feedback and help; the run check does the
 * same for a CMD/ENTRYPOINT that cannot start.
 *
 * Each entry was reproduced on the sandbox engine (Docker 20.10, classic builder, layerlab/node:18 =
 * Debian 12's Node 18 and npm 9) and is tested on that captured output (build-failure-causes.test.ts)
 * and end to end (tests/integration/build-failure-causes.test.ts).
 */
import { isJsonForm, type Instruction, type ParsedDockerfile } from '../../lib/dockerfile/parse';
import { code } from './feedback';

export interface FailureFacts {
  /** `build`: a step failed; `run`: the built image failed when started. */
  phase: 'build' | 'run';
  /** The failed step (build), when known. */
  step?: { n: number; keyword: string; instruction: string; line?: number; stage?: number };
  /** The engine's error message ('' when none, e.g. a run that exited non-zero). */
  error: string;
  /** The step's (or the container's) output. */
  output: string;
  dockerfile?: ParsedDockerfile;
  /** What the build sent to the engine: context paths, and the ones .dockerignore left out. */
  context?: { sent: readonly string[]; ignored: readonly string[] };
}

export interface FailureCause {
  /** Stable id (tests, logs). */
  id: string;
  /** One sentence naming the cause (shown in the feedback after the output excerpt). */
  summary: string;
  /** What Docker (or the program) did that made it fail, naming the Dockerfile lines. */
  why: string;
  /** How to fix it. */
  fix: string;
}

interface CauseEntry {
  id: string;
  /** The explanation when the entry recognises the failure, else undefined. */
  explain(f: FailureFacts): Omit<FailureCause, 'id'> | undefined;
}

const lineRef = (ins: Instruction) => `line ${ins.startLine} ${code(ins.text)}`;

/** The instruction of the failed step, and the instructions of its stage before it. */
function stageBefore(f: FailureFacts): { failed?: Instruction; before: Instruction[] } {
  const df = f.dockerfile;
  if (!df || !f.step) return { before: [] };
  const failed = df.instructions.find((i) => i.n === f.step!.n) ?? df.instructions.find((i) => i.startLine === f.step!.line);
  if (!failed) return { before: [] };
  const before = df.instructions.filter((i) => i.stage === failed.stage && i.n < failed.n && i.keyword !== 'FROM');
  return { failed, before };
}

/** The `--from` of the failed COPY, if it has one. */
function fromStage(f: FailureFacts): string | undefined {
  const ins = stageBefore(f).failed;
  if (ins) return ins.flags.from;
  return /^COPY\s+(?:--\S+\s+)*?--from=(\S+)/i.exec(f.step?.instruction ?? '')?.[1];
}

const ROOT_USERS = new Set(['root', '0', '0:0', 'root:root']);

export const FAILURE_CAUSES: readonly CauseEntry[] = [
  {
    // WORKDIR (and COPY) create folders owned by root; after `USER node`, npm cannot create
    // node_modules there: `npm ERR! code EACCES`, `syscall mkdir`, `path /app/node_modules`.
    id: 'workdir-owned-by-root',
    explain(f) {
      if (f.phase !== 'build' || !/\bEACCES\b|permission denied/i.test(f.output)) return undefined;
      const { failed, before } = stageBefore(f);
      if (!failed || failed.keyword !== 'RUN') return undefined;
      const users = before.filter((i) => i.keyword === 'USER');
      const user = users[users.length - 1];
      if (!user || ROOT_USERS.has(user.rest.trim())) return undefined;
      const workdir = [...before].reverse().find((i) => i.keyword === 'WORKDIR' && i.n < user.n);
      if (!workdir) return undefined;
      const name = user.rest.trim();
      const dir = workdir.rest.trim();
      const path = /npm (?:ERR!|error) path (\S+)/.exec(f.output)?.[1];
      return {
        summary: `${lineRef(workdir)} created ${code(dir)} as root, and ${lineRef(user)} runs the install as ${code(name)}, who may not write there.`,
        why: `WORKDIR creates its folder owned by root (so does COPY for the files and folders it creates, without --chown). From ${lineRef(user)} on, every RUN runs as ${code(name)}, so ${lineRef(failed)} gets "permission denied" (EACCES) when it writes into ${code(dir)}${path ? ` (${code(path)})` : ''}.`,
        fix: `Give the folder to that user before switching, e.g. \`RUN chown ${name} ${dir}\` right after the WORKDIR and \`COPY --chown=${name} …\` for the files the install writes next to; or run the install before \`USER ${name}\` and switch users only for what runs the app.`,
      };
    },
  },
  {
    // `npm ci` installs exactly the lock file: without one it stops with EUSAGE.
    id: 'npm-ci-without-lock-file',
    explain(f) {
      if (f.phase !== 'build') return undefined;
      if (!/can only install with an existing package-lock\.json/i.test(f.output) && !(/\bEUSAGE\b/.test(f.output) && /\bnpm\s+(?:ci|clean-install)\b/.test(f.step?.instruction ?? ''))) return undefined;
      const inContext = f.context?.sent.includes('package-lock.json');
      const { failed } = stageBefore(f);
      const at = failed ? lineRef(failed) : f.step ? code(f.step.instruction) : 'the step';
      return {
        summary: `${at} runs \`npm ci\`, which needs a package-lock.json, and there is none in the image at that point.`,
        why: `\`npm ci\` installs exactly what package-lock.json lists and refuses to run without it (npm's EUSAGE). ${
          inContext
            ? 'The build context has package-lock.json, but no COPY before that step copied it into the image.'
            : 'This build context has no package-lock.json at all.'
        }`,
        fix: inContext
          ? 'Copy the lock file together with package.json before the install: `COPY package*.json ./`.'
          : 'Use `npm install` (it works from package.json alone), or add a package-lock.json to the project and copy it with `COPY package*.json ./`.',
      };
    },
  },
  {
    // NODE_ENV=production (or --omit=dev / --production) makes npm skip devDependencies, so a
    // build script's tool is missing: `sh: 1: tsc: not found`, exit code 127.
    id: 'dev-dependencies-skipped',
    explain(f) {
      if (f.phase !== 'build') return undefined;
      const tool = /(?:^|\n)(?:sh|\/bin\/sh)(?:: \d+)?: (?:\d+: )?([\w.@/-]+): not found/.exec(f.output)?.[1];
      if (!tool) return undefined;
      const { failed, before } = stageBefore(f);
      if (!failed || failed.keyword !== 'RUN') return undefined;
      const install = [...before].reverse().find((i) => i.keyword === 'RUN' && /\bnpm\s+(?:[\w-]+\s+)*?(?:i|install|ci)\b/.test(i.rest));
      if (!install) return undefined;
      const env = before.find((i) => (i.keyword === 'ENV' || i.keyword === 'ARG') && /\bNODE_ENV\s*=\s*["']?production\b/.test(i.rest) && i.n < install.n);
      const flag = /--omit[= ]dev\b|--production\b|--only[= ]prod/.exec(install.rest)?.[0];
      if (!env && !flag) return undefined;
      const reason = env ? `${lineRef(env)} sets NODE_ENV=production, so ${lineRef(install)} skipped the devDependencies` : `${lineRef(install)} uses \`${flag}\`, which skips the devDependencies`;
      return {
        summary: `${code(tool)} was not found because ${reason}.`,
        why: `${reason[0].toUpperCase()}${reason.slice(1)}. ${code(tool)} comes from a devDependency (TypeScript's compiler is \`tsc\`), so ${lineRef(failed)} cannot find it (exit code 127: command not found).`,
        fix: env
          ? `Set NODE_ENV=production only where the app runs (the final stage, after the build), or install the build tools anyway with \`npm install --include=dev\` in the build stage.`
          : `Install everything in the build stage (\`npm install\`) and use \`${flag}\` only in the final stage, which does not build.`,
      };
    },
  },
  {
    // The classic builder: "COPY failed: file not found in build context or excluded by
    // .dockerignore: stat <src>: file does not exist" (one message for both causes).
    id: 'copy-source-not-in-context',
    explain(f) {
      const m = /(COPY|ADD) failed: (?:file not found in build context or excluded by \.dockerignore: )?stat (.+?): file does not exist/.exec(f.error);
      if (!m || fromStage(f) !== undefined) return undefined;
      const src = m[2].replace(/^\.\//, '').replace(/\/+$/, '');
      const at = f.step ? `line ${f.step.line ?? f.step.n} ${code(f.step.instruction)}` : `the ${m[1]}`;
      const under = (p: string) => p === src || p.startsWith(`${src}/`);
      const ignored = f.context?.ignored.filter(under) ?? [];
      if (ignored.length > 0) {
        const shown = ignored.slice(0, 3).map((p) => code(p)).join(', ') + (ignored.length > 3 ? ` and ${ignored.length - 3} more` : '');
        return {
          summary: `${at} copies ${code(src)}, which your .dockerignore keeps out of the build context.`,
          why: `Docker sends the engine only the files .dockerignore does not exclude, and COPY can only take what was sent. Your .dockerignore left out ${shown}, so the engine says "file not found in build context or excluded by .dockerignore".`,
          fix: `Remove the .dockerignore pattern that matches ${code(src)} (or add \`!${src}\` after it), or stop copying it if the image does not need it.`,
        };
      }
      const top = [...new Set((f.context?.sent ?? []).map((p) => p.split('/')[0]))].filter((p) => p !== 'Dockerfile' && p !== '.dockerignore').sort();
      const has = top.length ? ` The build context holds: ${top.slice(0, 8).map((p) => code(p)).join(', ')}${top.length > 8 ? ', …' : ''}.` : '';
      return {
        summary: `${at} copies ${code(src)}, which is not in the build context.`,
        why: `COPY and ADD take their sources from the build context (the project folder sent to the engine), relative to its root — not to WORKDIR and not from the image. There is no ${code(src)} in it.${has}`,
        fix: `Copy a path that exists in the project (check its spelling and folder), or create the file with a RUN if it is made during the build.`,
      };
    },
  },
  {
    // `COPY --from=<stage>` of a path that stage does not have: "COPY failed: stat nope: file does
    // not exist" (the same words as a missing context file, without the build-context part).
    id: 'copy-from-stage-missing-path',
    explain(f) {
      const m = /COPY failed: stat (.+?): file does not exist/.exec(f.error);
      const stage = fromStage(f);
      if (!m || stage === undefined) return undefined;
      const at = f.step ? `line ${f.step.line ?? f.step.n} ${code(f.step.instruction)}` : 'the COPY';
      return {
        summary: `${at} copies ${code(`/${m[1].replace(/^\/+/, '')}`)} from ${code(stage)}, which has no such path.`,
        why: `\`COPY --from\` takes its sources from the file system of that stage (or image) as it is at its end, by absolute path: nothing exists there at ${code(`/${m[1].replace(/^\/+/, '')}`)}. A relative WORKDIR of that stage does not apply.`,
        fix: `Use the absolute path where that stage wrote the files (its WORKDIR plus the relative path, e.g. \`/app/dist\`), and make sure the step that creates them ran in that stage.`,
      };
    },
  },
  {
    // Exec form must be JSON. With single quotes it is not, so Docker runs the text through
    // /bin/sh -c and the shell looks for a program named `[npm,start]` (or `[npm,` with spaces):
    // "/bin/sh: 1: [npm,start]: not found", exit code 127, at build time for RUN and when the
    // container starts for CMD/ENTRYPOINT.
    id: 'exec-form-single-quotes',
    explain(f) {
      const df = f.dockerfile;
      if (!df || !/\[\S*: not found/.test(`${f.output}\n${f.error}`)) return undefined;
      let ins: Instruction | undefined;
      if (f.phase === 'build') {
        ins = stageBefore(f).failed;
        if (ins && ins.keyword !== 'RUN') ins = undefined;
      } else {
        const last = df.stages[df.stages.length - 1];
        ins = last ? [...last.instructions].reverse().find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') : undefined;
      }
      if (!ins || !ins.rest.startsWith('[') || !ins.rest.includes("'") || isJsonForm(ins)) return undefined;
      const fixed = `${ins.keyword} ${ins.rest.replace(/'/g, '"')}`;
      // What the shell sees as the program: the first word, its quotes removed.
      const program = (ins.rest.split(/\s+/)[0] ?? ins.rest).replace(/'/g, '');
      return {
        summary: `${lineRef(ins)} is not valid JSON (single quotes), so Docker ran it through /bin/sh as a command named ${code(program)}.`,
        why: `The exec form of ${ins.keyword} must be a JSON array, and JSON strings use double quotes. Anything else is taken as shell form: Docker stores \`/bin/sh -c ${ins.rest}\`, and the shell looks for a program named like the first word, which does not exist (exit code 127, "not found")${f.phase === 'run' ? ' when the container starts' : ''}.`,
        fix: `Write it with double quotes: ${code(fixed)}.`,
      };
    },
  },
];

/** The first well-known cause that explains the failure, or undefined. */
export function explainFailure(f: FailureFacts): FailureCause | undefined {
  for (const entry of FAILURE_CAUSES) {
    const e = entry.explain(f);
    if (e) return { id: entry.id, ...e };
  }
  return undefined;
}
