/**
 * The excerpt of a failed step and the table of well-known causes, on output captured from the
 * sandbox engine (Docker 20.10 classic builder, layerlab/node:18 with npm 9; ANSI colours removed as
 * the stream parser removes them). One test per cause, plus the entries that must NOT match.
 */
import { describe, expect, it } from 'vitest';
import { describeBuildFailure } from '../checks/build';
import type { BuildRecord } from '../checks/types';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import { BuildStreamParser, CappedLog } from '../engine/build-stream';
import { explainFailure, FAILURE_CAUSES, type FailureFacts } from './build-failure-causes';
import { failureExcerpt, isExplainingLine } from './failure-excerpt';

const EACCES_OUTPUT = `npm ERR! code EACCES
npm ERR! syscall mkdir
npm ERR! path /app/node_modules
npm ERR! errno -13
npm ERR! Error: EACCES: permission denied, mkdir '/app/node_modules'
npm ERR!  [Error: EACCES: permission denied, mkdir '/app/node_modules'] {
npm ERR!   errno: -13,
npm ERR!   code: 'EACCES',
npm ERR!   syscall: 'mkdir',
npm ERR!   path: '/app/node_modules'
npm ERR! }
npm ERR! 
npm ERR! The operation was rejected by your operating system.
npm ERR! It is likely you do not have the permissions to access this file as the current user
npm ERR! 
npm ERR! If you believe this might be a permissions issue, please double-check the
npm ERR! permissions of the file and its containing directories, or try running
npm ERR! the command again as root/Administrator.

npm ERR! A complete log of this run can be found in:
npm ERR!     /usr/local/share/npm-cache/_logs/2026-11-29T10_19_08_715Z-debug-0.log
`;

const NPM_CI_OUTPUT = `npm ERR! code EUSAGE
npm ERR! 
npm ERR! The \`npm ci\` command can only install with an existing package-lock.json or
npm ERR! npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or
npm ERR! later to generate a package-lock.json file, then try again.
npm ERR! 
npm ERR! Clean install a project
npm ERR! 
npm ERR! Usage:
npm ERR! npm ci
npm ERR! 
npm ERR! Options:
npm ERR! [-S|--save|--no-save|--save-prod|--save-dev|--save-optional|--save-peer|--save-bundle]
npm ERR! [-E|--save-exact] [-g|--global] [--install-strategy <hoisted|nested|shallow>]
npm ERR! [--legacy-bundling] [--global-style]
npm ERR! [--omit <dev|optional|peer> [--omit <dev|optional|peer> ...]]
npm ERR! [--strict-peer-deps] [--no-package-lock] [--foreground-scripts]
npm ERR! [--ignore-scripts] [--no-audit] [--no-bin-links] [--no-fund] [--dry-run]
npm ERR! [-w|--workspace <workspace-name> [-w|--workspace <workspace-name> ...]]
npm ERR! [-ws|--workspaces] [--include-workspace-root] [--no-install-links]
npm ERR! 
npm ERR! aliases: clean-install, ic, install-clean, isntall-clean
npm ERR! 
npm ERR! Run "npm help ci" for more info

npm ERR! A complete log of this run can be found in:
npm ERR!     /usr/local/share/npm-cache/_logs/2026-11-29T10_19_27_881Z-debug-0.log
`;

const TSC_OUTPUT = `
> ms-demo@1.0.0 build
> tsc

sh: 1: tsc: not found
`;

const COPY_MISSING = 'COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist';

function facts(dockerfile: string, failedLine: number, over: Partial<FailureFacts>): FailureFacts {
  const df = parseDockerfile(dockerfile);
  const ins = df.instructions.find((i) => i.startLine === failedLine)!;
  return { phase: 'build', step: { n: ins.n, keyword: ins.keyword, instruction: ins.text, line: ins.startLine, stage: ins.stage }, error: '', output: '', dockerfile: df, ...over };
}

describe('failureExcerpt', () => {
  it('shows npm\'s code, syscall, path and error first, then the tail, no line twice', () => {
    const ex = failureExcerpt(EACCES_OUTPUT);
    expect(ex.split('\n')).toEqual([
      'npm ERR! code EACCES',
      'npm ERR! syscall mkdir',
      'npm ERR! path /app/node_modules',
      'npm ERR! errno -13',
      "npm ERR! Error: EACCES: permission denied, mkdir '/app/node_modules'",
      '…',
      'npm ERR! It is likely you do not have the permissions to access this file as the current user',
      'npm ERR! If you believe this might be a permissions issue, please double-check the',
      'npm ERR! permissions of the file and its containing directories, or try running',
      'npm ERR! the command again as root/Administrator.',
      'npm ERR! A complete log of this run can be found in:',
      'npm ERR!     /usr/local/share/npm-cache/_logs/2026-11-29T10_19_08_715Z-debug-0.log',
    ]);
  });

  it('explaining lines are error codes, not found, permission denied, no such file…; npm object dumps are not', () => {
    for (const l of ['sh: 1: tsc: not found', 'cp: cannot stat \'x\': No such file or directory', 'mkdir: cannot create directory \'/a\': Permission denied', 'npm ERR! code ENOTCACHED', "Error: Cannot find module 'express'", 'src/app.ts(3,1): error TS2304: Cannot find name \'x\'.']) {
      expect(isExplainingLine(l), l).toBe(true);
    }
    for (const l of ['npm ERR!   code: \'EACCES\',', 'npm ERR! ', 'added 65 packages in 3s', 'npm ERR! A complete log of this run can be found in:', 'npm WARN deprecated x']) {
      expect(isExplainingLine(l), l).toBe(false);
    }
  });

  it('npm\'s bare `npm ERR!` separators make no gap between explaining lines', () => {
    expect(failureExcerpt(NPM_CI_OUTPUT).split('\n').slice(0, 3)).toEqual([
      'npm ERR! code EUSAGE',
      'npm ERR! The `npm ci` command can only install with an existing package-lock.json or',
      '…',
    ]);
  });

  it('a short output is just its lines, without a gap marker', () => {
    expect(failureExcerpt(TSC_OUTPUT)).toBe('> ms-demo@1.0.0 build\n> tsc\nsh: 1: tsc: not found');
    expect(failureExcerpt('\n  \n')).toBe('');
  });

  it('the capped build log keeps the explaining lines of its skipped middle', () => {
    const log = new CappedLog(100, 200);
    log.append('Step 1/2 : RUN flood\n');
    for (let i = 0; i < 50; i++) log.append(`flood ${i} ${'x'.repeat(30)}\n`);
    log.append('npm ERR! code ENOSPC\n');
    for (let i = 50; i < 100; i++) log.append(`flood ${i} ${'x'.repeat(30)}\n`);
    const text = log.toString();
    expect(text).toMatch(/\n\[… \d+ characters of log skipped …\]\nnpm ERR! code ENOSPC\n\[… the lines above explain a failure; the rest of the skipped part is left out …\]\n/);
    expect(text).toContain('flood 99');
    expect(text.length).toBeLessThan(100 + 200 + 200);
  });

  it('the stream parser keeps explaining lines that fall out of a step\'s capped output', () => {
    const p = new BuildStreamParser();
    p.push({ stream: 'Step 1/1 : RUN npm run build\n' });
    p.push({ stream: ' ---> Running in 0123456789ab\n' });
    p.push({ stream: 'src/a.ts(1,1): error TS2304: Cannot find name \'x\'.\n' });
    for (let i = 0; i < 400; i++) p.push({ stream: `noise line ${i} ${'.'.repeat(40)}\n` });
    p.push({ error: "The command '/bin/sh -c npm run build' returned a non-zero code: 2" });
    const out = p.result().steps[0].output;
    expect(out.length).toBeLessThan(4096 + 300);
    expect(out.split('\n')[0]).toBe("src/a.ts(1,1): error TS2304: Cannot find name 'x'.");
    expect(out).toMatch(/\n\[… \d+ characters of output skipped …\]\nnoise line/);
    expect(out).toContain('noise line 399');
    // result() twice gives the same text
    expect(p.result().steps[0].output).toBe(out);
    expect(failureExcerpt(out).split('\n')[0]).toBe("src/a.ts(1,1): error TS2304: Cannot find name 'x'.");
  });
});

describe('well-known causes (one entry each)', () => {
  it('has one entry per cause, each with a distinct id', () => {
    expect(FAILURE_CAUSES.map((c) => c.id)).toEqual(['workdir-owned-by-root', 'npm-ci-without-lock-file', 'dev-dependencies-skipped', 'copy-source-not-in-context', 'copy-from-stage-missing-path', 'exec-form-single-quotes']);
  });

  const EACCES_DF = 'FROM layerlab/node:18\nWORKDIR /app\nCOPY package.json ./\nUSER node\nRUN npm install\n';
  it('WORKDIR created as root before USER: npm cannot create node_modules (EACCES)', () => {
    const c = explainFailure(facts(EACCES_DF, 5, { error: "The command '/bin/sh -c npm install' returned a non-zero code: 243", output: EACCES_OUTPUT }));
    expect(c?.id).toBe('workdir-owned-by-root');
    expect(c?.summary).toBe('line 2 `WORKDIR /app` created `/app` as root, and line 4 `USER node` runs the install as `node`, who may not write there.');
    expect(c?.why).toContain('(`/app/node_modules`)');
    expect(c?.fix).toContain('`RUN chown node /app`');
    // Without USER (or as root) it is some other permission problem.
    expect(explainFailure(facts('FROM layerlab/node:18\nWORKDIR /app\nRUN npm install\n', 3, { output: EACCES_OUTPUT }))).toBeUndefined();
    expect(explainFailure(facts('FROM layerlab/node:18\nWORKDIR /app\nUSER root\nRUN npm install\n', 4, { output: EACCES_OUTPUT }))).toBeUndefined();
  });

  it('npm ci without a lock file (EUSAGE), saying whether the context has one', () => {
    const df = 'FROM layerlab/node:18\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\n';
    const none = explainFailure(facts(df, 4, { output: NPM_CI_OUTPUT, context: { sent: ['Dockerfile', 'package.json', 'src/app.js'], ignored: [] } }));
    expect(none?.id).toBe('npm-ci-without-lock-file');
    expect(none?.summary).toBe('line 4 `RUN npm ci` runs `npm ci`, which needs a package-lock.json, and there is none in the image at that point.');
    expect(none?.why).toContain('This build context has no package-lock.json at all.');
    expect(none?.fix).toMatch(/^Use `npm install`/);
    const notCopied = explainFailure(facts(df, 4, { output: NPM_CI_OUTPUT, context: { sent: ['Dockerfile', 'package-lock.json', 'package.json'], ignored: [] } }));
    expect(notCopied?.fix).toBe('Copy the lock file together with package.json before the install: `COPY package*.json ./`.');
  });

  it('tsc: not found because NODE_ENV=production skipped the devDependencies', () => {
    const df = 'FROM layerlab/node:18\nWORKDIR /app\nENV NODE_ENV=production\nCOPY package.json tsconfig.json ./\nRUN npm install\nCOPY src/ ./src/\nRUN npm run build\n';
    const c = explainFailure(facts(df, 7, { error: "The command '/bin/sh -c npm run build' returned a non-zero code: 127", output: TSC_OUTPUT }));
    expect(c?.id).toBe('dev-dependencies-skipped');
    expect(c?.summary).toBe('`tsc` was not found because line 3 `ENV NODE_ENV=production` sets NODE_ENV=production, so line 5 `RUN npm install` skipped the devDependencies.');
    expect(c?.fix).toContain('--include=dev');
    const omit = explainFailure(facts(df.replace('ENV NODE_ENV=production\n', '').replace('npm install', 'npm install --omit=dev'), 6, { output: TSC_OUTPUT }));
    expect(omit?.summary).toBe('`tsc` was not found because line 4 `RUN npm install --omit=dev` uses `--omit=dev`, which skips the devDependencies.');
    // Installed with devDependencies: tsc missing for another reason.
    expect(explainFailure(facts(df.replace('ENV NODE_ENV=production\n', ''), 6, { output: TSC_OUTPUT }))).toBeUndefined();
  });

  it('COPY of a path the context lacks, or that .dockerignore excluded (one engine message, two causes)', () => {
    const df = 'FROM layerlab/busybox\nCOPY missing.txt /x\n';
    const missing = explainFailure(facts(df, 2, { error: COPY_MISSING, context: { sent: ['Dockerfile', 'app/hello.sh', 'tools.tar'], ignored: [] } }));
    expect(missing?.id).toBe('copy-source-not-in-context');
    expect(missing?.summary).toBe('line 2 `COPY missing.txt /x` copies `missing.txt`, which is not in the build context.');
    expect(missing?.why).toContain('The build context holds: `app`, `tools.tar`.');
    const ignored = explainFailure(facts('FROM layerlab/busybox\nCOPY sub/ /x\n', 2, {
      error: 'COPY failed: file not found in build context or excluded by .dockerignore: stat sub/: file does not exist',
      context: { sent: ['Dockerfile', '.dockerignore'], ignored: ['sub/a.txt', 'sub/b.txt'] },
    }));
    expect(ignored?.summary).toBe('line 2 `COPY sub/ /x` copies `sub`, which your .dockerignore keeps out of the build context.');
    expect(ignored?.why).toContain('Your .dockerignore left out `sub/a.txt`, `sub/b.txt`');
    expect(ignored?.fix).toContain('`!sub`');
  });

  it('COPY --from a stage that lacks the path is not a build-context problem', () => {
    const df = 'FROM layerlab/busybox AS b\nRUN true\nFROM layerlab/busybox\nCOPY --from=b /nope /x\n';
    const c = explainFailure(facts(df, 4, { error: 'COPY failed: stat nope: file does not exist', context: { sent: ['Dockerfile'], ignored: [] } }));
    expect(c?.id).toBe('copy-from-stage-missing-path');
    expect(c?.summary).toBe('line 4 `COPY --from=b /nope /x` copies `/nope` from `b`, which has no such path.');
    expect(c?.fix).toContain('absolute path');
  });

  it('exec form written with single quotes: RUN fails at build, CMD when the container starts', () => {
    const run = explainFailure(facts("FROM layerlab/node:18\nRUN ['npm','install']\n", 2, { output: '/bin/sh: 1: [npm,install]: not found\n', error: "The command '/bin/sh -c ['npm','install']' returned a non-zero code: 127" }));
    expect(run?.id).toBe('exec-form-single-quotes');
    expect(run?.summary).toBe("line 2 `RUN ['npm','install']` is not valid JSON (single quotes), so Docker ran it through /bin/sh as a command named `[npm,install]`.");
    expect(run?.fix).toBe('Write it with double quotes: `RUN ["npm","install"]`.');
    const cmd = explainFailure({ phase: 'run', error: '', output: '\n/bin/sh: 1: [npm,: not found\n', dockerfile: parseDockerfile("FROM layerlab/node:18\nCMD ['npm', 'start']\n") });
    expect(cmd?.summary).toBe("line 2 `CMD ['npm', 'start']` is not valid JSON (single quotes), so Docker ran it through /bin/sh as a command named `[npm,`.");
    expect(cmd?.why).toContain('when the container starts');
    expect(cmd?.fix).toBe('Write it with double quotes: `CMD ["npm", "start"]`.');
    // Valid JSON exec form that fails is something else.
    expect(explainFailure({ phase: 'run', error: '', output: '/bin/sh: 1: [x: not found', dockerfile: parseDockerfile('FROM a\nCMD ["npm","start"]\n') })).toBeUndefined();
  });
});

describe('describeBuildFailure', () => {
  it('puts the explaining lines, the tail and the likely cause in the feedback', () => {
    const df = parseDockerfile('FROM layerlab/node:18\nWORKDIR /app\nCOPY package.json ./\nUSER node\nRUN npm install\n');
    const b: BuildRecord = {
      name: 'initial', ok: false, skipped: false, durationMs: 1, changedFiles: [], steps: [],
      error: "The command '/bin/sh -c npm install' returned a non-zero code: 243",
      failedStep: { n: 5, keyword: 'RUN', instruction: 'RUN npm install', line: 5, stage: 0, cached: false, verified: true, output: EACCES_OUTPUT },
    };
    const text = describeBuildFailure(b, df);
    expect(text).toMatch(/^Build `initial` failed at line 5 `RUN npm install`: The command .* 243\nOutput \(the lines that explain it, then the last lines\):\nnpm ERR! code EACCES\nnpm ERR! syscall mkdir\nnpm ERR! path \/app\/node_modules\n/);
    expect(text).toMatch(/\nLikely cause: line 2 `WORKDIR \/app` created `\/app` as root, and line 4 `USER node` runs the install as `node`, who may not write there\.$/);
    // Without the Dockerfile the excerpt still explains; the cause needs the lines.
    expect(describeBuildFailure(b)).not.toContain('Likely cause');
  });
});
