import path from 'node:path';
import { z } from 'zod';
import { fileCheckKind } from '../../lib/labs/checks/file';
import { withHint } from '../report/feedback';
import { fromStageNote } from './final-stage';
import type { CheckKind } from './types';

/** `file`: a path is present (or absent) in the image of a build. Relative paths use its WORKDIR. */
export const fileCheck: CheckKind<'file'> = {
  kind: 'file',
  optionsSchema: z.object(fileCheckKind.options),
  definition: fileCheckKind,
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
};
