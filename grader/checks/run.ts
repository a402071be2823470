import { z } from 'zod';
import { runCheckKind } from '../../lib/labs/checks/run';
import { explainFailure } from '../report/build-failure-causes';
import { code, keyErrorLine, lastLines, withHint } from '../report/feedback';
import type { CheckKind } from './types';

/** `run`: run the image of a build (network none, limits) and check its exit code and output. */
export const runCheck: CheckKind<'run'> = {
  kind: 'run',
  optionsSchema: z.object(runCheckKind.options),
  definition: runCheckKind,
  async run(ctx, check) {
    const build = ctx.builds.get(check.build)!;
    const timeoutSeconds = check.timeoutSeconds ?? ctx.runTimeoutSeconds;
    const r = await ctx.driver.run(build.imageId!, { cmd: check.cmd, timeoutSeconds, memoryMb: ctx.memoryMb });
    const what = check.cmd ? `Running ${code(check.cmd.join(' '))} in the image of build \`${check.build}\`` : `Running the image of build \`${check.build}\``;
    const output = lastLines(`${r.stdout}\n${r.stderr}`);
    const key = keyErrorLine(r.stderr) ?? keyErrorLine(r.stdout);
    const shown = `${key ? `\n${key}` : ''}${output ? `\nLast output:\n${output}` : ' It printed nothing.'}`;
    // A well-known reason the image's own CMD/ENTRYPOINT cannot run (e.g. exec form with single quotes).
    const cause = check.cmd ? undefined : explainFailure({ phase: 'run', error: r.startError ?? '', output: `${r.stdout}\n${r.stderr}`, dockerfile: ctx.dockerfile });
    const fail = (text: string) => ({
      passed: false,
      feedback: withHint(cause ? `${text}\nLikely cause: ${cause.summary}` : text, check.hint),
      ...(cause ? { help: { why: cause.why, fix: cause.fix } } : {}),
    });

    if (r.startError) return fail(`${what} failed to start: ${r.startError}`);
    if (r.timedOut) return fail(`${what}: it did not exit within ${timeoutSeconds} s (a lab app must finish, not wait for requests).${shown}`);
    if (r.oomKilled) return fail(`${what}: it was killed for exceeding the ${ctx.memoryMb} MiB memory limit.${shown}`);
    const problems: string[] = [];
    if (r.exitCode !== check.exitCode) problems.push(`it exited with code ${r.exitCode} (expected ${check.exitCode})`);
    if (check.stdoutContains !== undefined && !r.stdout.includes(check.stdoutContains)) {
      problems.push(`its output does not contain ${JSON.stringify(check.stdoutContains)}`);
    }
    if (check.stdoutEquals !== undefined && r.stdout.trim() !== check.stdoutEquals.trim()) {
      problems.push(`its output is not ${JSON.stringify(check.stdoutEquals.trim())}`);
    }
    if (problems.length) return fail(`${what}: ${problems.join('; ')}.${shown}`);
    const expectation = check.stdoutContains !== undefined ? ` and printed ${JSON.stringify(check.stdoutContains)}` : '';
    return { passed: true, feedback: `${what}: it exited with code ${r.exitCode}${expectation} in ${(r.durationMs / 1000).toFixed(1)} s.` };
  },
};
