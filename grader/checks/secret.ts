import { z } from 'zod';
import { syntaxDirectiveNote } from '../dockerfile/buildkit';
import { InfrastructureError } from '../errors';
import { attributeHistory, stepOfLayer, type StepLike } from '../inspect/attribution';
import { layerFates } from '../inspect/file-tree';
import type { ImageModel } from '../inspect/image-archive';
import { gradeSecret } from '../secret';
import { code, withHint } from '../report/feedback';
import { NeedleScanner, type NeedleResult } from '../inspect/content-search';
import type { CheckContext } from './types';
import { shippedSteps, requireDriver } from './final-stage';
import { defineCheckKind } from './kind';

export interface SecretFinding {
  where: 'layer' | 'history' | 'env' | 'label';
  text: string;
}

const lineOf = (s: StepLike | undefined) => (s ? `line ${s.line ?? `step ${s.n}`} ${code(s.instruction, 70)}` : undefined);

/** Where the secret shows up in the image's history and config (pure). */
export function metadataLeaks(model: Pick<ImageModel, 'history' | 'config'>, secret: string, attribution: readonly (StepLike | undefined)[]): SecretFinding[] {
  const out: SecretFinding[] = [];
  model.history.forEach((h, i) => {
    if (!h.createdBy.includes(secret)) return;
    const by = lineOf(attribution[i]);
    const arg = /^\|\d+ /.test(h.createdBy) ? ' Build arguments (ARG) used by a RUN are recorded in its history entry.' : '';
    out.push({ where: 'history', text: `in the image history (\`docker history --no-trunc\`), entry of ${by ?? 'an instruction'}.${arg}` });
  });
  for (const e of model.config.env) {
    if (e.includes(secret)) out.push({ where: 'env', text: `in the image's environment: \`${e.split('=')[0]}\` (ENV values are stored in the image config).` });
  }
  for (const [k, v] of Object.entries(model.config.labels)) {
    if (k.includes(secret) || v.includes(secret)) out.push({ where: 'label', text: `in the image's label \`${k.includes(secret) ? '(its name)' : k}\`.` });
  }
  return out;
}

/** Layer hits → sentences naming the file, the layer's Dockerfile line and whether it was deleted later (pure). */
export function layerLeaks(model: ImageModel, hits: { layer: string; path: string }[], attribution: readonly (StepLike | undefined)[]): SecretFinding[] {
  const fates = layerFates(model).fates;
  const out: SecretFinding[] = [];
  for (const hit of hits) {
    const layer = model.layers.find((l) => (l.tarPath ?? l.source) === hit.layer);
    if (!layer) {
      out.push({ where: 'layer', text: `in the file \`${hit.path}\` of a layer of the image.` });
      continue;
    }
    const by = lineOf(stepOfLayer(model, layer.index, attribution));
    const fate = fates.get(layer.index)?.get(hit.path);
    let later = '';
    if (fate) {
      const remover = lineOf(stepOfLayer(model, fate.byLayer, attribution));
      later = ` It was ${fate.how} later${remover ? ` by ${remover}` : ''}, but that only hides it: its bytes stay in the layer that added it, and \`docker save\` gives them to anyone who has the image.`;
    }
    out.push({ where: 'layer', text: `in the file \`${hit.path}\` of layer ${layer.index + 1}/${model.layers.length}${by ? `, created by ${by}` : ''}.${later}` });
  }
  return out;
}

/** `text` with every occurrence of the secret shown as `<token>` (names quoted in feedback stay readable). */
export function maskSecret(text: string, secret: string): string {
  return text.split(secret).join('<token>');
}

/**
 * The secret in NAMES (pure): file and folder names, symlink and hardlink targets, and the names of
 * whiteouts (a deleted file's name stays in the deleting layer's tar as `.wh.<name>`), in every layer.
 * Content scans never see these: `RUN touch /tmp/$(cat token)` writes an empty file whose name is
 * the token. A folder is reported once, at the outermost path component holding the secret, not
 * once per file under it. Paths in the feedback show the secret as `<token>`.
 */
export function nameLeaks(model: ImageModel, secret: string, attribution: readonly (StepLike | undefined)[]): SecretFinding[] {
  const fates = layerFates(model).fates;
  const out: SecretFinding[] = [];
  const at = (index: number) => {
    const by = lineOf(stepOfLayer(model, index, attribution));
    return `layer ${index + 1}/${model.layers.length}${by ? `, created by ${by}` : ''}`;
  };
  const reportedNames = new Set<string>(); // across layers: a whiteout of a reported name adds nothing new
  for (const layer of model.layers) {
    const seen = new Set<string>();
    for (const f of layer.files) {
      const i = f.path.indexOf(secret);
      if (i >= 0) {
        // The outermost component holding the secret: a folder named after it is one finding.
        const end = f.path.indexOf('/', i + secret.length);
        const named = end < 0 ? f.path : f.path.slice(0, end);
        if (seen.has(named)) continue;
        seen.add(named);
        reportedNames.add(named);
        const kind = named !== f.path ? 'folder' : f.type === 'directory' ? 'folder' : f.type === 'symlink' ? 'symlink' : 'file';
        const fate = fates.get(layer.index)?.get(named);
        const remover = fate ? lineOf(stepOfLayer(model, fate.byLayer, attribution)) : undefined;
        const later = fate ? ` It was ${fate.how} later${remover ? ` by ${remover}` : ''}, but the layer that added it keeps its name.` : '';
        out.push({ where: 'layer', text: `in the name of the ${kind} \`${maskSecret(named, secret)}\` of ${at(layer.index)}.${later}` });
        continue;
      }
      if (f.linkname?.includes(secret)) {
        const what = f.type === 'hardlink' ? 'hard link' : 'symlink';
        out.push({ where: 'layer', text: `in the target of the ${what} \`${f.path}\` (→ \`${maskSecret(f.linkname, secret)}\`) of ${at(layer.index)}: a link's target is stored in the layer like a file's content.` });
      }
    }
    for (const w of layer.whiteouts) {
      if (!w.path.includes(secret) || reportedNames.has(w.path)) continue;
      out.push({ where: 'layer', text: `in the name of a deletion marker (whiteout \`.wh.\` entry for \`${maskSecret(w.path, secret)}\`) of ${at(layer.index)}: deleting a file records its name in the deleting layer.` });
    }
  }
  return out;
}

/** `secret`: the per-grade secret appears nowhere in the image (any layer's files and names, history, env, labels). */
export const secretCheck = defineCheckKind({
  kind: 'secret',
  description:
    'The per-grade secret (`{{secret}}` in the lab\'s edits: a fresh random value on every grade) appears nowhere in the image of build `build`: not in any layer\'s files (deleted ones included), not in the history, not in Env or Labels.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose final image is searched.'),
    source: z
      .string()
      .min(1)
      .optional()
      .describe('Where the build gets the secret from, for feedback (e.g. "the token in `.registry-token`").'),
  },
  help: {
    why: 'Every layer, the history (build arguments included), the environment and the labels are part of the image: anyone who pulls it can read them, even if a later step deletes the file.',
    fix: 'Never COPY, ARG or ENV a secret; use it and remove it within one RUN, or pass it at run time.',
  },
  contentNeedles: (_check, grade) => [gradeSecret(grade.nonce)],
  async run(ctx, check) {
    if (!ctx.nonce) throw new InfrastructureError('the grade has no nonce: cannot derive its secret');
    const secret = gradeSecret(ctx.nonce);
    const build = ctx.builds.get(check.build)!;
    const { model, search } = await searchImage(ctx, build.imageId!, secret);
    const attribution = attributeHistory(model, shippedSteps(build, ctx.dockerfile));
    const findings = [...layerLeaks(model, search.hits, attribution), ...nameLeaks(model, secret, attribution), ...metadataLeaks(model, secret, attribution)];
    const source = check.source ?? 'the secret';
    const note = syntaxDirectiveNote(ctx.dockerfile);
    if (findings.length === 0) {
      const text = `${source[0].toUpperCase()}${source.slice(1)} (a fresh random value for this grade) appears nowhere in the image of build \`${check.build}\`: ${model.layers.length} layers searched (${search.filesScanned} files, deleted ones included, and every file name and link target), ${model.history.length} history entries, Env and Labels.`;
      return { passed: true, feedback: note ? `${text}\n${note}` : text };
    }
    const shown = findings.slice(0, 6).map((f) => `- ${maskSecret(f.text, secret)}`);
    if (findings.length > 6) shown.push(`- … and ${findings.length - 6} more.`);
    const text = `${source[0].toUpperCase()}${source.slice(1)} (this grade's value) was found in the image of build \`${check.build}\`:\n${shown.join('\n')}`;
    return { passed: false, feedback: withHint(note ? `${text}\n${note}` : text, check.hint) };
  },
});

/**
 * The image of `imageId` and where `secret` is in its layers' file contents: from the grade's one
 * image read (which searched the needles this kind declared), else — in contexts without it (unit
 * tests) or when that read failed — by streaming the image's contents here.
 */
async function searchImage(ctx: CheckContext, imageId: string, secret: string): Promise<{ model: ImageModel; search: NeedleResult }> {
  const analysis = ctx.imageAnalysis ? await ctx.imageAnalysis(imageId) : undefined;
  const found = analysis?.contentHits?.get(secret);
  if (analysis && found) return { model: analysis.model, search: found };
  const scanner = new NeedleScanner(secret);
  const model = await requireDriver(ctx, 'scanImageContents')(imageId, (path, chunk, info) => scanner.push(info.layer, path, chunk));
  return { model, search: { hits: scanner.hits, filesScanned: scanner.filesScanned } };
}
