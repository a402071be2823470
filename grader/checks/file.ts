import path from 'node:path';
import { z } from 'zod';
import { withHint } from '../report/feedback';
import { fromStageNote } from './final-stage';
import { defineCheckKind } from './kind';

/** `file`: a path is present (or absent) in the image of a build. Relative paths use its WORKDIR. */
export const fileCheck = defineCheckKind({
  kind: 'file',
  description: 'A path is present (or absent) in the image produced by build `build`.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose final image is inspected.'),
    path: z
      .string()
      .min(1)
      .refine((p) => !p.includes('\0') && !p.split('/').includes('..'), 'must not contain `..` or NUL')
      .describe('Absolute path in the image, or a path relative to the image\'s WORKDIR (e.g. `node_modules/dayjs/package.json`).'),
    present: z.boolean().default(true).describe('true: the path must exist; false: it must not exist. Default true.'),
  },
  help: {
    why: 'The final image holds only what the final stage copied in or created, at the paths the instructions used (relative paths are resolved against WORKDIR).',
    fix: 'Make sure a COPY or RUN of the final stage puts the file at that path.',
  },
  async run(ctx, check) {
    const build = ctx.builds.get(check.build)!;
    const image = build.imageId!;
    const workdir = check.path.startsWith('/') ? '/' : await ctx.driver.workingDir(image);
    const abs = path.posix.resolve(workdir, check.path);
    const exists = await ctx.driver.pathExists(image, abs);
    const where = check.path.startsWith('/') ? `\`${abs}\`` : `\`${check.path}\` (in WORKDIR ${workdir}, i.e. \`${abs}\`)`;
    if (exists === check.present) {
      return { passed: true, feedback: `${where} is ${exists ? 'present' : 'absent'} in the image of build \`${check.build}\`, as expected.` };
    }
    return {
      passed: false,
      feedback: withHint(
        exists
          ? [`${where} should not be in the image of build \`${check.build}\`, but it is.`, fromStageNote(ctx.dockerfile)].filter(Boolean).join(' ')
          : `${where} is missing from the image of build \`${check.build}\`.`,
        check.hint,
      ),
    };
  },
});
