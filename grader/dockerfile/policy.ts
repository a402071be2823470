import { buildkitOnlyUses } from './buildkit';
import { expandFromImage, type Instruction, type ParsedDockerfile } from './parse';

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
    if (stage.name) stageNames.add(stage.name);
  }
  for (const u of buildkitOnlyUses(parsed)) violations.push({ line: u.line, instruction: u.instruction, message: u.message });
  return violations;
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
