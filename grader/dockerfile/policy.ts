import { buildkitOnlyUses } from './buildkit';
import { copySources, expandFromImage, type Instruction, type ParsedDockerfile } from '../../lib/dockerfile/parse';

/**
 * Pre-build policy (pure): which images a Dockerfile may start from or copy from.
 * Runs BEFORE any build so a disallowed image never reaches the engine (which could otherwise try to
 * pull it, or read another local image such as a different grade's result via `COPY --from=`).
 */

export interface PolicyViolation {
  line: number;
  instruction: string;
  message: string;
}

/** `docker.io/library/node` → `node:latest`; keeps digests; lower-cases nothing (tags are case-sensitive). */
export function normalizeImageRef(ref: string): string {
  let r = ref.trim();
  r = r.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  r = r.replace(/^library\//, '');
  const lastSlash = r.lastIndexOf('/');
  const tail = r.slice(lastSlash + 1);
  if (!tail.includes(':') && !tail.includes('@')) r += ':latest';
  return r;
}

export function checkImagePolicy(parsed: ParsedDockerfile, allowedBaseImages: string[]): PolicyViolation[] {
  const allowed = new Set(allowedBaseImages.map(normalizeImageRef));
  const allowedList = allowedBaseImages.join(', ');
  const violations: PolicyViolation[] = [];
  const stageNames = new Set<string>();

  const refuse = (ins: Instruction, message: string) =>
    violations.push({ line: ins.startLine, instruction: ins.text, message });

  for (const stage of parsed.stages) {
    const ins = stage.from;
    if (stage.image !== '') {
      const expanded = expandFromImage(stage.image, parsed.metaArgs);
      if (expanded === undefined) {
        refuse(ins, `Line ${ins.startLine} \`${ins.text}\`: the base image must be written literally (or come from an ARG with a default value); this lab allows only ${allowedList}.`);
      } else if (stageNames.has(expanded.toLowerCase())) {
        // FROM <earlier stage>: allowed.
      } else if (!allowed.has(normalizeImageRef(expanded))) {
        const hint = expanded === 'scratch' ? '' : ' No registry is reachable from the grader: only the images it provides exist.';
        refuse(ins, `Line ${ins.startLine} \`${ins.text}\`: base image \`${expanded}\` is not allowed in this lab. Use ${allowedBaseImages.length === 1 ? '' : 'one of '}${allowedList}.${hint}`);
      }
    }
    // `COPY --from=` may name an earlier stage (by name or index) or an allowed image, nothing else.
    for (const c of stage.instructions) {
      if ((c.keyword === 'COPY' || c.keyword === 'ADD') && c.flags.from !== undefined) {
        const from = c.flags.from;
        const isStageIndex = /^\d+$/.test(from) && Number(from) < stage.index;
        const isStageName = stageNames.has(from.toLowerCase());
        if (!isStageIndex && !isStageName && !allowed.has(normalizeImageRef(from))) {
          refuse(c, `Line ${c.startLine} \`${c.text}\`: \`--from=${from}\` must name an earlier build stage (or one of ${allowedList}).`);
        }
      }
    }
    // `ADD <url>`: the classic builder would fetch it over the network (there is none; never try).
    for (const c of stage.instructions) {
      if (c.keyword !== 'ADD') continue;
      const remote = copySources(c).find(isRemoteSource);
      if (remote !== undefined) {
        refuse(c, `Line ${c.startLine} \`${c.text}\`: remote \`ADD ${remote}\` is not allowed — the grader has no network and never downloads anything. Put the file in the build context and \`COPY\` it.`);
      }
    }
    if (stage.name) stageNames.add(stage.name);
  }
  for (const u of buildkitOnlyUses(parsed)) violations.push({ line: u.line, instruction: u.instruction, message: u.message });
  // In line order, as the student reads the Dockerfile (the sort is stable within a line).
  return violations.sort((a, b) => a.line - b.line);
}

/** Images the Dockerfile builds FROM that are not earlier stages (after ARG expansion). */
export function externalBaseImages(parsed: ParsedDockerfile): string[] {
  const out = new Set<string>();
  const names = new Set<string>();
  for (const s of parsed.stages) {
    const img = expandFromImage(s.image, parsed.metaArgs);
    if (img && !names.has(img.toLowerCase())) out.add(img);
    if (s.name) names.add(s.name);
  }
  return [...out];
}

/** A URL or git remote as an ADD source (`http://`, `https://`, `git://`, `git@host:`, …). */
export function isRemoteSource(src: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(src) || /^git@[^:]+:/.test(src);
}

/**
 * The Dockerfile as a whole, before any build: text (no NUL bytes, mostly printable), at least one
 * FROM, at most `maxInstructions` instructions. Messages are feedback sentences (empty when fine).
 */
export function dockerfileShapeProblems(text: string, parsed: ParsedDockerfile, maxInstructions: number): string[] {
  const problems: string[] = [];
  // eslint-disable-next-line no-control-regex
  const control = (text.match(/[\x00-\x08\x0e-\x1f\x7f\ufffd]/g) ?? []).length;
  if (text.includes('\0') || control > Math.max(8, text.length / 100)) {
    return [`The Dockerfile is not a text file (it holds ${control} control or undecodable characters): submit a plain-text Dockerfile.`];
  }
  if (parsed.instructions.length > maxInstructions) {
    problems.push(`The Dockerfile has ${parsed.instructions.length} instructions (at most ${maxInstructions} in this grader): every instruction is a build step.`);
  }
  if (parsed.stages.length === 0) {
    const first = parsed.instructions[0];
    problems.push(first ? `The Dockerfile has no FROM instruction: it must start with FROM (line ${first.startLine} is \`${first.text.slice(0, 60)}\`).` : 'The Dockerfile has no instructions.');
  }
  return problems;
}
