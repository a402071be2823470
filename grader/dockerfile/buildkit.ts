/**
 * BuildKit-only Dockerfile syntax (pure). The sandbox builds with Docker's classic builder because
 * BuildKit ignores the limits the sandbox relies on (memory, CPU, per-build cgroup/pids,
 * no-new-privileges: see docs/notes on the sandbox), so these features do not exist here. Instead of
 * letting the engine answer (often confusingly: a heredoc body line becomes "unknown instruction:
 * NPM"), the submission is refused before building, naming the line and the classic alternative.
 *
 * What the classic builder of Debian's docker.io 20.10.24 answers, measured against the sandbox
 * engine (`DOCKER_BUILDKIT=0 docker build`, tests/integration/buildkit-syntax.test.ts repeats it):
 *   - parse error before any step: `Unknown flag: link` / `parents` / `checksum` / `keep-git-dir` /
 *     `exclude` / `network` / `security`;
 *   - at the step: `the --mount option requires BuildKit` (RUN), `the --chmod option requires
 *     BuildKit` (COPY and ADD);
 *   - heredocs: the body lines are read as instructions (`unknown instruction: NPM`; for
 *     `RUN cat <<EOF > f` with a body that happens to parse, `unknown instruction: EOF`);
 *   - `# syntax=docker/dockerfile:1`: ignored (the build succeeds), so it is NOT refused; nor are
 *     flags of an ONBUILD trigger (`ONBUILD RUN --mount=…` is stored as is), while a heredoc under
 *     ONBUILD fails like any other (`unknown instruction: ECHO`).
 */
import type { DockerfileNode, Instruction, ParsedDockerfile } from '../../lib/dockerfile/parse';

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

interface FlagRule {
  /** What the classic builder answers (docker.io 20.10.24, measured). */
  engine: string;
  advice: (node: DockerfileNode, value: string) => string;
}

const unknownFlag = (name: string) => `dockerfile parse error: Unknown flag: ${name}`;

/** `type=cache,target=/root/.npm` → `cache`; Docker's default mount type is `bind`. */
function mountType(value: string): string {
  for (const part of value.split(',')) {
    const [k, v] = part.split('=', 2);
    if (k.trim().toLowerCase() === 'type') return (v ?? '').trim().toLowerCase();
  }
  return 'bind';
}

const RUN_FLAGS: Record<string, FlagRule> = {
  mount: {
    engine: 'the --mount option requires BuildKit',
    advice: (_n, value) => {
      switch (mountType(value)) {
        case 'cache':
          return 'A cache mount only speeds up repeated builds (it keeps a download cache such as npm\'s between builds); it changes nothing in the image, so drop the `--mount=…` and keep the command.';
        case 'secret':
        case 'ssh':
          return SECRET_ADVICE;
        case 'tmpfs':
          return 'Drop the mount; write temporary files in the same RUN that deletes them, so they never reach a layer.';
        default:
          return 'Use COPY (in a builder stage if the files must not reach the final image) instead of a bind mount.';
      }
    },
  },
  network: {
    engine: unknownFlag('network'),
    advice: () => 'Remove the flag: every step of the grader\'s builds already runs without a network.',
  },
  security: {
    engine: unknownFlag('security'),
    advice: () => 'Remove the flag: build steps never get extra privileges in the sandbox.',
  },
};

const COPY_FLAGS: Record<string, FlagRule> = {
  chmod: {
    engine: 'the --chmod option requires BuildKit',
    advice: () => 'Give the files their mode in the build context (git keeps the executable bit), or `RUN chmod` after the COPY — that RUN stores the files a second time in a new layer, so do it in a builder stage when size matters.',
  },
  link: {
    engine: unknownFlag('link'),
    advice: () => 'Drop `--link`: it only changes how BuildKit stores the layer; the copied files are the same without it.',
  },
  parents: {
    engine: unknownFlag('parents'),
    advice: () => 'COPY each folder to its full destination path instead (e.g. `COPY src/api/ /app/src/api/`).',
  },
  checksum: {
    engine: unknownFlag('checksum'),
    advice: () => 'Remove the flag (it checks remote downloads; the grader only allows files from the build context).',
  },
  'keep-git-dir': {
    engine: unknownFlag('keep-git-dir'),
    advice: () => 'Remove the flag: adding a git repository needs the network. Put the files in the build context and COPY them.',
  },
  exclude: {
    engine: unknownFlag('exclude'),
    advice: () => 'Leave the files out with .dockerignore, or COPY only the folders you need.',
  },
};

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

function describe(ins: Instruction, feature: string, engine: string, advice: string): BuildkitUse {
  return {
    line: ins.startLine,
    instruction: ins.text,
    feature,
    message: `Line ${ins.startLine} \`${clip(ins.text)}\`: \`${feature}\` needs BuildKit. ${CLASSIC_BUILDER_REASON} (Docker's classic builder answers "${engine}".) ${advice}`.trim(),
  };
}

function heredocAdvice(keyword: string): string {
  if (keyword === 'RUN') {
    return 'Write the commands on the RUN line itself, joined with `&&` (continue long lines with a trailing `\\`), or put them in a script in the build context, COPY it and RUN it.';
  }
  return 'Put the file in the build context and COPY it (or create it with `RUN printf \'…\\n\' > <file>`).';
}

/** The node that carries the syntax: the instruction's own, or for `ONBUILD <instruction>` the inner one. */
function innerNode(ins: Instruction): DockerfileNode {
  return ins.node.child && ins.keyword === 'ONBUILD' ? ins.node.child : ins.node;
}

/**
 * Uses of syntax the classic builder rejects: heredocs (RUN/COPY/ADD, also under ONBUILD),
 * RUN --mount/--network/--security, COPY/ADD --chmod/--link/--parents/--checksum/--keep-git-dir/--exclude.
 * One entry per use, in line order; each message names the line, the engine's answer and the alternative.
 */
export function buildkitOnlyUses(parsed: ParsedDockerfile): BuildkitUse[] {
  const out: BuildkitUse[] = [];
  for (const ins of parsed.instructions) {
    const node = innerNode(ins);
    const keyword = node.value.toUpperCase();
    if (ins.heredocs.length > 0) {
      const words = ins.heredocs.map((h) => `<<${h.chomp ? '-' : ''}${h.name}`).join(', ');
      const body = ins.endLine > ins.startLine ? `lines ${ins.startLine + 1}–${ins.endLine}` : 'the lines after it';
      out.push({
        line: ins.startLine,
        instruction: ins.text,
        feature: `${keyword} heredoc (${words})`,
        message: `Line ${ins.startLine} \`${clip(ins.text)}\`: a heredoc (\`${words}\`) needs BuildKit. Docker's classic builder reads its body (${body}) as instructions of their own and fails with "unknown instruction: …". ${CLASSIC_BUILDER_REASON} ${heredocAdvice(keyword)}`,
      });
    }
    // Flags of an ONBUILD trigger are only read when an image is built FROM this one: the classic
    // builder stores `ONBUILD RUN --mount=…` without complaint (measured), so they are left alone.
    if (ins.keyword === 'ONBUILD') continue;
    const rules = keyword === 'RUN' ? RUN_FLAGS : keyword === 'COPY' || keyword === 'ADD' ? COPY_FLAGS : undefined;
    if (!rules) continue;
    for (const written of node.flags) {
      const m = /^--([^=]*)(?:=([\s\S]*))?$/.exec(written);
      if (!m) continue;
      const name = m[1].toLowerCase();
      const rule = rules[name];
      if (!rule) continue;
      const value = m[2] ?? '';
      const feature = keyword === 'RUN' && name === 'mount' ? `RUN --mount=${value}` : `${keyword} --${name}`;
      out.push(describe(ins, feature, rule.engine, rule.advice(node, value)));
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
