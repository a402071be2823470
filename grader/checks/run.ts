import { z } from 'zod';
import { explainFailure } from '../report/build-failure-causes';
import { code, keyErrorLine, lastLines, withHint } from '../report/feedback';
import { defineCheckKind } from './kind';

/** `run`: run the image of a build (network none, limits) and check its exit code and output. */
export const runCheck = defineCheckKind({
  kind: 'run',
  description:
    'Runs the image of build `build` (network none, memory/pids/time limits) and checks its exit code and output.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose final image is run.'),
    cmd: z
      .array(z.string())
      .min(1)
      .optional()
      .describe('Command to run instead of the image\'s CMD (exec form). Default: the image\'s own ENTRYPOINT/CMD.'),
    stdoutContains: z.string().min(1).optional().describe('Standard output must contain this text.'),
    stdoutEquals: z.string().optional().describe('Standard output, trimmed, must equal this text.'),
    exitCode: z.number().int().min(0).max(255).default(0).describe('Expected exit code. Default 0.'),
    timeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(300)
      .optional()
      .describe('Wall-clock limit for this run; default the lab\'s `limits.runTimeoutSeconds`.'),
  },
  help: {
    why: 'The grader starts the image without network, with its CMD/ENTRYPOINT, in the WORKDIR the image sets; it must print the expected output and exit as expected within the time limit.',
    fix: 'Check the CMD, the WORKDIR and that every file the program needs was copied.',
  },
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
});
