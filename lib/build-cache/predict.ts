/**
 * The cache predictor (pure; runs in the browser and in the grader alike): given the builds of a
 * grade — each a Dockerfile and the build context it is built from — it tells, for every step of
 * every build, whether Docker's classic builder would take it from the build cache or run it again,
 * and for the first step that runs again, which of its inputs changed.
 *
 * The classic builder's cache rule (moby builder/dockerfile, daemon/images/cache.go, docker 20.10):
 *   - a step is a cache hit when an image exists whose PARENT is the current image and whose
 *     build config matches the step's: the instruction as parsed (for RUN the command; for metadata
 *     instructions like ENV/WORKDIR/CMD their `#(nop)` text) — so the cache is a chain: once a step
 *     runs again, it makes a new image, and every later step of that stage runs again too;
 *   - COPY/ADD also hash the files they copy (content and path; not the modification time), after
 *     the .dockerignore has left files out of the build context — so editing a file that no COPY
 *     takes (or that .dockerignore leaves out) keeps every step cached;
 *   - FROM starts the chain at the base image, or at the final image of an earlier stage;
 *     `COPY --from=<stage>` copies that stage's files, so it runs again when that stage did (unless
 *     the files come out identical: the predictor says "rebuilt" then, and says why);
 *   - ENV/ARG values reach later steps through the chain: changing one changes its own step.
 * Every build of a grade may use the images of the builds before it (the grade's own cache); the
 * first build starts from nothing but its base images.
 */
import { copySources, expandFromImage, parseDockerfile, type Instruction, type ParsedDockerfile } from '../dockerfile/parse';
import { selectContext } from '../dockerfile/dockerignore';

/** One build to predict: the Dockerfile text and the build context (path → content, `/`-separated, relative). */
export interface PredictBuildInput {
  name: string;
  dockerfile: string;
  files: ReadonlyMap<string, string>;
}

export type StepFate = 'cached' | 'rebuilt';

/** Why a step runs again (the first cause only; later steps of the stage say `parent`). */
export type MissReason =
  | { kind: 'first-build' }
  | { kind: 'instruction'; was?: string }
  | { kind: 'files'; changed: string[] }
  | { kind: 'base'; image: string }
  | { kind: 'parent'; n: number }
  | { kind: 'from-stage'; stage: string }
  | { kind: 'missing-source'; source: string };

export interface StepPrediction {
  /** Step number as in `Step N/M`. */
  n: number;
  keyword: string;
  text: string;
  line: number;
  /** Stage index (0-based); -1 for ARGs before the first FROM. */
  stage: number;
  /** FROM steps have no cache decision (they name an image); they are reported as `cached`. */
  fate: StepFate;
  reason?: MissReason;
}

export interface BuildPrediction {
  name: string;
  steps: StepPrediction[];
  /** The first step (by step number) that runs again, with its reason; undefined when all are cached. */
  firstRebuilt?: StepPrediction;
  /** A problem that makes the prediction unsure (e.g. a COPY source that is not in the context). */
  notes: string[];
}

/** Go's path.Match for one `/`-separated path (`*`, `?`, `[...]`, `\` escapes; `*` never crosses `/`). */
export function pathMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return false;
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(`${re}$`).test(name);
  } catch {
    return false;
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A short stable string hash (cyrb53): equality of cache keys, not security. */
export function hashText(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const clean = (p: string) => {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
};

/** Substitute `$VAR` / `${VAR}` from the variables in scope (unknown ones become empty, as Docker does). */
function expandVars(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::[-+][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, a: string, b: string) => vars.get(a ?? b) ?? '');
}

/** The context files a COPY/ADD source takes, with the paths relative to what is copied. */
function filesOfSource(source: string, context: ReadonlyMap<string, string>): { path: string; content: string }[] | undefined {
  const src = clean(source);
  const wildcard = /[*?[\\]/.test(src);
  const out: { path: string; content: string }[] = [];
  for (const [p, content] of context) {
    if (src === '') out.push({ path: p, content });
    else if (wildcard ? pathMatch(src, p) || p.split('/').some((_, i, parts) => i > 0 && pathMatch(src, parts.slice(0, i).join('/'))) : p === src || p.startsWith(`${src}/`)) {
      out.push({ path: p, content });
    }
  }
  return out.length > 0 ? out.sort((a, b) => (a.path < b.path ? -1 : 1)) : undefined;
}

interface StageState {
  /** Current image "id" of the chain. */
  id: string;
  vars: Map<string, string>;
}

/** What a step's cache key is made of, to explain a miss against an earlier build. */
interface KeyParts {
  text: string;
  files?: Map<string, string>;
  fromStage?: string;
}

/**
 * Predict every build in order (see the module comment). Pure and synchronous: fast enough to run on
 * each keystroke for lab-sized contexts (tens of files).
 */
export function predictBuilds(builds: readonly PredictBuildInput[]): BuildPrediction[] {
  /** Every image id made by an earlier build: parent id + key → child id. */
  const cache = new Map<string, string>();
  /** parent id → the key parts of the children made from it, in build order, for explaining a miss. */
  const children = new Map<string, KeyParts[]>();
  return builds.map((build, buildIndex) => {
    const parsed = parseDockerfile(build.dockerfile);
    const context = contextFiles(build);
    const made: [string, string, string, KeyParts][] = [];
    const prediction = predictOne(build.name, parsed, context, buildIndex === 0, cache, children, made);
    for (const [parent, key, id, parts] of made) {
      cache.set(`${parent}\n${key}`, id);
      const list = children.get(parent) ?? [];
      list.push(parts);
      children.set(parent, list);
    }
    return prediction;
  });
}

function contextFiles(build: PredictBuildInput): Map<string, string> {
  const selection = selectContext([...build.files.keys()], build.files.get('.dockerignore'));
  return new Map(selection.files.map((f) => [f, build.files.get(f) ?? '']));
}

function predictOne(
  name: string,
  parsed: ParsedDockerfile,
  context: ReadonlyMap<string, string>,
  firstBuild: boolean,
  cache: ReadonlyMap<string, string>,
  children: ReadonlyMap<string, KeyParts[]>,
  made: [string, string, string, KeyParts][],
): BuildPrediction {
  const steps: StepPrediction[] = [];
  const notes: string[] = [];
  const stageIds: string[] = [];
  const stageRebuilt: boolean[] = [];
  let state: StageState | undefined;
  let rebuiltInStage: StepPrediction | undefined;
  const record = (ins: Instruction, fate: StepFate, reason?: MissReason) => {
    const step: StepPrediction = { n: ins.n, keyword: ins.keyword, text: ins.text, line: ins.startLine, stage: ins.stage, fate, ...(reason ? { reason } : {}) };
    steps.push(step);
    return step;
  };
  const closeStage = () => {
    if (state && steps.length > 0) {
      const idx = steps[steps.length - 1].stage;
      if (idx >= 0) {
        stageIds[idx] = state.id;
        stageRebuilt[idx] = rebuiltInStage !== undefined;
      }
    }
  };
  for (const ins of parsed.instructions) {
    if (ins.keyword === 'FROM') {
      closeStage();
      const stage = parsed.stages[ins.stage];
      const image = expandFromImage(stage.image, parsed.metaArgs) ?? stage.image;
      const parent = parsed.stages.slice(0, stage.index).reverse().find((s) => s.name === image.toLowerCase());
      const id = parent && stageIds[parent.index] ? stageIds[parent.index] : `image:${image}`;
      state = { id, vars: new Map() };
      rebuiltInStage = parent && stageRebuilt[parent.index] ? steps.find((s) => s.stage === parent.index && s.fate === 'rebuilt') : undefined;
      record(ins, 'cached');
      continue;
    }
    if (!state) {
      record(ins, 'cached'); // an ARG before the first FROM: no image, no cache decision
      continue;
    }
    const parts = keyParts(ins, state, context, stageIds, parsed, notes);
    const key = partsKey(parts);
    const hit = cache.get(`${state.id}\n${key}`);
    let fate: StepFate;
    let reason: MissReason | undefined;
    if (hit && !rebuiltInStage) {
      fate = 'cached';
      state.id = hit;
    } else {
      fate = 'rebuilt';
      reason = rebuiltInStage
        ? { kind: 'parent', n: rebuiltInStage.n }
        : firstBuild
          ? { kind: 'first-build' }
          : explainMiss(parts, children.get(state.id) ?? [], ins, state.id);
      const id = `img:${hashText(`${state.id}\n${key}`)}`;
      made.push([state.id, key, id, parts]);
      state.id = id;
    }
    const step = record(ins, fate, reason);
    if (fate === 'rebuilt' && !rebuiltInStage) rebuiltInStage = step;
    applyVars(ins, state);
  }
  closeStage();
  const firstRebuilt = steps.filter((s) => s.fate === 'rebuilt' && s.reason?.kind !== 'parent').sort((a, b) => a.n - b.n)[0];
  return { name, steps, ...(firstRebuilt ? { firstRebuilt } : {}), notes };
}

/** The parts of a step's cache key (see the module comment): instruction, copied files, source stage. */
function keyParts(
  ins: Instruction,
  state: StageState,
  context: ReadonlyMap<string, string>,
  stageIds: readonly string[],
  parsed: ParsedDockerfile,
  notes: string[],
): KeyParts {
  const text = `${ins.keyword} ${JSON.stringify(ins.node.flags)} ${JSON.stringify(ins.node.values)}`;
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return { text };
  const from = ins.flags.from;
  if (from !== undefined) {
    const src = parsed.stages.find((s) => s.name === from.toLowerCase()) ?? (/^\d+$/.test(from) ? parsed.stages[Number(from)] : undefined);
    if (src && src.index < ins.stage) {
      return { text, fromStage: stageIds[src.index] ?? '' };
    }
    return { text, fromStage: `image:${from}` };
  }
  const files = new Map<string, string>();
  for (const source of copySources(ins)) {
    const expanded = expandVars(source, state.vars);
    const taken = filesOfSource(expanded, context);
    if (!taken) {
      notes.push(`line ${ins.startLine}: \`${source}\` is not in the build context, so this build would fail here.`);
      files.set(`missing:${expanded}`, '');
      continue;
    }
    for (const f of taken) files.set(f.path, hashText(f.content));
  }
  return { text, files };
}

function partsKey(parts: KeyParts): string {
  const files = parts.files ? [...parts.files].map(([p, h]) => `${p}=${h}`).join(',') : '';
  return `${parts.text}|${files}|${parts.fromStage ?? ''}`;
}

/**
 * Why no earlier image from the same parent matched. `siblings` are the key parts of the images
 * earlier builds made from that parent, oldest build first. The classic builder takes any of them
 * as a cache candidate; the miss is explained against the closest one: the most recent build's
 * step with the same instruction, so a COPY names the files changed since the last build that
 * reached this parent (as the grader's cache diff does against the previous build), not every
 * file changed since the first build.
 */
function explainMiss(parts: KeyParts, siblings: readonly KeyParts[], ins: Instruction, parent: string): MissReason {
  const missing = parts.files && [...parts.files.keys()].find((k) => k.startsWith('missing:'));
  if (missing) return { kind: 'missing-source', source: missing.slice('missing:'.length) };
  const same = latestWithText(siblings, parts.text);
  if (!same) return siblings.length === 0 && parent.startsWith('image:') ? { kind: 'base', image: parent.slice('image:'.length) } : { kind: 'instruction' };
  if (parts.fromStage !== undefined) return { kind: 'from-stage', stage: ins.flags.from ?? '' };
  const changed = new Set<string>();
  const before = same.files ?? new Map<string, string>();
  const now = parts.files ?? new Map<string, string>();
  for (const [p, h] of now) if (before.get(p) !== h) changed.add(p);
  for (const p of before.keys()) if (!now.has(p)) changed.add(p);
  return { kind: 'files', changed: [...changed].sort() };
}

/** The last (most recent build's) sibling with this instruction text, if any. */
function latestWithText(siblings: readonly KeyParts[], text: string): KeyParts | undefined {
  for (let i = siblings.length - 1; i >= 0; i--) if (siblings[i].text === text) return siblings[i];
  return undefined;
}

/** ENV and ARG set variables that later COPY sources may use. */
function applyVars(ins: Instruction, state: StageState): void {
  if (ins.keyword === 'ENV') {
    // The reference parser gives ENV as triples: name, value (quotes kept), separator.
    const v = ins.node.values;
    for (let i = 0; i + 1 < v.length; i += 3) state.vars.set(v[i], expandVars(unquote(v[i + 1]), state.vars));
  } else if (ins.keyword === 'ARG') {
    for (const decl of ins.node.values) {
      const eq = decl.indexOf('=');
      if (eq > 0) state.vars.set(decl.slice(0, eq), decl.slice(eq + 1));
    }
  }
}

const unquote = (v: string) => (/^(["']).*\1$/s.test(v) ? v.slice(1, -1) : v);

/** A one-line explanation of a miss, for the lab page and the report. */
export function describeMiss(reason: MissReason | undefined): string {
  switch (reason?.kind) {
    case undefined:
      return '';
    case 'first-build':
      return 'first build: nothing is cached yet';
    case 'instruction':
      return 'the instruction is new or changed';
    case 'files':
      return reason.changed.length > 0 ? `copied files changed: ${reason.changed.slice(0, 5).join(', ')}${reason.changed.length > 5 ? ` and ${reason.changed.length - 5} more` : ''}` : 'copied files changed';
    case 'base':
      return `the base image changed (${reason.image})`;
    case 'parent':
      return `step ${reason.n} above ran again, so every later step of this stage runs again`;
    case 'from-stage':
      return `stage \`${reason.stage}\` ran again, so the files it copies may differ`;
    case 'missing-source':
      return `\`${reason.source}\` is not in the build context`;
  }
}
