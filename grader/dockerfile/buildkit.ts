/**
 * BuildKit-only Dockerfile syntax (pure). The sandbox builds with Docker's classic builder because
 * BuildKit ignores the limits the sandbox relies on (memory, CPU, per-build cgroup/pids,
 * no-new-privileges: see docs/notes on the sandbox), so these features do not exist here. Instead of
 * letting the engine answer "the --mount option requires BuildKit", the submission is refused before
 * building with what to do instead.
 */
import type { Instruction, ParsedDockerfile } from './parse';

export interface BuildkitUse {
  line: number;
  instruction: string;
  feature: string;
  message: string;
}

export const CLASSIC_BUILDER_REASON =
  'The grader builds with Docker\'s classic builder, not BuildKit: BuildKit does not apply the sandbox\'s memory, CPU and process limits to build steps, so BuildKit-only syntax is not available here.';

const SECRET_ADVICE =
  'To use a secret at build time without leaving it in the image, use a multi-stage build: COPY the secret and use it in a builder stage only, then `COPY --from=<builder>` just the result into the final stage (the builder stage\'s layers are not part of the final image). Do not pass it with ARG or ENV (they are recorded in the image), and do not COPY it into the final stage and `rm` it later (the COPY layer keeps it).';

const RUN_FLAGS: Record<string, string> = {
  mount: 'RUN --mount',
  network: 'RUN --network',
  security: 'RUN --security',
};
const COPY_FLAGS: Record<string, string> = {
  chmod: '--chmod',
  link: '--link',
  checksum: '--checksum',
  'keep-git-dir': '--keep-git-dir',
  parents: '--parents',
  exclude: '--exclude',
};

function describe(ins: Instruction, feature: string, advice: string): BuildkitUse {
  return {
    line: ins.startLine,
    instruction: ins.text,
    feature,
    message: `Line ${ins.startLine} \`${ins.text.length > 80 ? `${ins.text.slice(0, 79)}…` : ins.text}\`: \`${feature}\` needs BuildKit. ${CLASSIC_BUILDER_REASON} ${advice}`.trim(),
  };
}

/** Uses of syntax the classic builder rejects (RUN --mount/--network/--security, COPY/ADD --chmod/--link/…). */
export function buildkitOnlyUses(parsed: ParsedDockerfile): BuildkitUse[] {
  const out: BuildkitUse[] = [];
  for (const ins of parsed.instructions) {
    if (ins.keyword === 'RUN') {
      for (const flag of Object.keys(ins.flags)) {
        const feature = RUN_FLAGS[flag];
        if (!feature) continue;
        const secret = flag === 'mount' && /type=secret|type=ssh/.test(ins.flags.mount ?? '');
        out.push(
          describe(
            ins,
            secret ? `RUN --mount=${ins.flags.mount}` : feature,
            secret ? SECRET_ADVICE : flag === 'mount' ? 'Use COPY (in a builder stage if the files must not reach the final image) instead of a mount.' : 'Remove the flag.',
          ),
        );
      }
    } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      for (const flag of Object.keys(ins.flags)) {
        const feature = COPY_FLAGS[flag];
        if (feature) out.push(describe(ins, `${ins.keyword} ${feature}`, flag === 'chmod' ? 'Set permissions with a RUN chmod (in the same layer as the files, e.g. in a builder stage) instead.' : 'Remove the flag.'));
      }
    }
  }
  return out;
}

/** A `# syntax=` directive: the classic builder ignores it (not an error), worth a note in feedback. */
export function syntaxDirectiveNote(parsed: ParsedDockerfile): string | undefined {
  const syntax = parsed.directives.syntax;
  if (syntax === undefined) return undefined;
  return `Note: the \`# syntax=${syntax}\` directive selects a BuildKit frontend; the grader's classic builder ignores it (${CLASSIC_BUILDER_REASON.replace(/^The grader builds with Docker's classic builder, not BuildKit: /, '').replace(/\.$/, '')}).`;
}

export { SECRET_ADVICE };
