/**
 * Step selectors (pure; shared by the lab schema, the web app and the grader): how a lab names a
 * Dockerfile instruction BY MEANING instead of by a regular expression over its raw text.
 *
 * The grader matches a selector against the parsed instruction (grader/dockerfile/select.ts): the
 * keyword, the stage, and for RUN/CMD/ENTRYPOINT every simple command it runs — shell form or exec
 * form (`["npm", "i"]`), across line continuations, `&&` / `||` / `;` / `|` chains, `cd DIR && …`,
 * `VAR=value` prefixes and wrappers such as `env`, `exec`, `sudo`, `sh -c "…"`. So
 * `RUN ["npm", "i"]`, `RUN npm --loglevel=warn install` and `RUN cd /app && NODE_ENV=dev npm ci`
 * are all "a RUN that runs npm install", exactly as the classic builder caches them alike.
 */
import { z } from 'zod';

/** Instruction keywords a selector can name (Docker's Dockerfile reference). */
export const SELECTABLE_INSTRUCTIONS = [
  'RUN', 'COPY', 'ADD', 'CMD', 'ENTRYPOINT', 'ENV', 'ARG', 'WORKDIR', 'USER', 'LABEL', 'EXPOSE',
  'VOLUME', 'SHELL', 'HEALTHCHECK', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER',
] as const;

const oneOrMany = (what: string) =>
  z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).describe(what);

/** What one simple command of a RUN (or CMD/ENTRYPOINT) must look like. All given fields must hold. */
export const CommandMatcherShape = {
  program: oneOrMany(
    'The program the command runs, any of these. A bare name (`npm`) matches it by name anywhere on the PATH or by any path ending in `/npm`; a path (`/opt/layertools/install.sh`) matches that path, also when written relative to the WORKDIR (`./install.sh` is not resolved: name the file).',
  ).optional(),
  subcommand: oneOrMany(
    'The first operand of the program, any of these (options before it are skipped: `npm --loglevel=warn install` and `npm --loglevel warn install` both have the subcommand `install`). List every alias that counts, e.g. `[install, i, ci]`.',
  ).optional(),
  arguments: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe(
      'Arguments the command must have, each either equal to one of its arguments or a path prefix of one (`/var/cache/x` matches `/var/cache/x` and `/var/cache/x/*`). Order does not matter.',
    ),
} as const;

export const CommandMatcherSchema = z
  .strictObject(CommandMatcherShape)
  .refine((m) => m.program !== undefined, { message: 'name at least `program`', path: ['program'] })
  .describe('A simple command inside a RUN: its program, first operand and required arguments.');
export type CommandMatcher = z.infer<typeof CommandMatcherSchema>;

export const StepSelectorSchema = z
  .strictObject({
    instruction: z
      .enum(SELECTABLE_INSTRUCTIONS)
      .describe('The instruction keyword (upper case), e.g. `RUN` or `COPY`.'),
    ...CommandMatcherShape,
    copies: z
      .string()
      .min(1)
      .optional()
      .describe('COPY/ADD only: a build-context path the instruction copies, directly or through a folder or glob source (`package.json` is copied by `COPY package*.json ./` and by `COPY . .`). `COPY --from` copies from a stage, not the context, and never matches.'),
    stage: z
      .string()
      .min(1)
      .optional()
      .describe('Which stage the instruction must be in: `final` (the last stage), `shipped` (the last stage or a stage it is built FROM, one hop or several: their layers ship in the image), or a stage name given with `AS`. Default: any stage.'),
  })
  .superRefine((s, ctx) => {
    const runLike = s.instruction === 'RUN' || s.instruction === 'CMD' || s.instruction === 'ENTRYPOINT';
    for (const key of ['program', 'subcommand', 'arguments'] as const) {
      if (s[key] !== undefined && !runLike) {
        ctx.addIssue({ code: 'custom', path: [key], message: `\`${key}\` applies to RUN, CMD and ENTRYPOINT only` });
      }
    }
    if ((s.subcommand !== undefined || s.arguments !== undefined) && s.program === undefined) {
      ctx.addIssue({ code: 'custom', path: ['program'], message: '`subcommand` and `arguments` need `program`' });
    }
    if (s.copies !== undefined && s.instruction !== 'COPY' && s.instruction !== 'ADD') {
      ctx.addIssue({ code: 'custom', path: ['copies'], message: '`copies` applies to COPY and ADD only' });
    }
  })
  .describe(
    'Selects Dockerfile instructions by meaning: the keyword, optionally the stage, for RUN/CMD/ENTRYPOINT a command they run (program, subcommand, arguments; shell or exec form, `&&` chains, `cd DIR &&`, `VAR=x` prefixes), for COPY/ADD a context path they copy.',
  );
export type StepSelector = z.infer<typeof StepSelectorSchema>;

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const quoteAll = (v: string[]) => v.map((x) => `\`${x}\``).join(' or ');

/**
 * Plain-English description of a selector for feedback, e.g.
 * "a RUN that runs `npm install` or `npm i` or `npm ci`". Pure.
 */
export function describeSelector(s: StepSelector): string {
  let out = `a ${s.instruction}`;
  if (s.program !== undefined) {
    const programs = list(s.program);
    const commands = s.subcommand !== undefined ? programs.flatMap((p) => list(s.subcommand!).map((c) => `${p} ${c}`)) : programs;
    out += ` that runs ${quoteAll(commands)}`;
    if (s.arguments) out += ` with ${quoteAll(s.arguments).replace(/ or /g, ' and ')}`;
  }
  if (s.copies !== undefined) out += ` that copies \`${s.copies}\``;
  if (s.stage === 'final') out += ' in the final stage';
  else if (s.stage === 'shipped') out += ' in a stage that ships in the final image';
  else if (s.stage !== undefined) out += ` in stage \`${s.stage}\``;
  return out;
}
