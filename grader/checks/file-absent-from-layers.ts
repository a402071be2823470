import { z } from 'zod';
import { findInLayers, type FoundFile } from '../inspect/file-tree';
import { pathGlob } from '../inspect/glob';
import { code, withHint } from '../report/feedback';
import { formatBytes, layersView } from './layers-view';
import { defineCheckKind } from './kind';

const SHOWN = 6;

/**
 * `file-absent-from-layers`: a path (glob) is in NO layer of the image — not in the final file tree and
 * not in a lower layer either. A `RUN rm` in a later layer only records a deletion (a whiteout): the
 * bytes stay in the layer that added them, where `docker save` (or dive) finds them.
 */
export const fileAbsentFromLayersCheck = defineCheckKind({
  kind: 'file-absent-from-layers',
  readsImages: true,
  description:
    'No layer of the image of build `build` contains any of `paths` — not even one that a later layer deleted (its bytes would still ship in the image).',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose image is inspected.'),
    paths: z
      .array(
        z
          .string()
          .min(1)
          .refine((p) => !p.includes('\0'), 'must not contain NUL')
          .describe('An absolute image path or glob (`*`, `?`, `**`, `[...]`); without a leading `/` it matches at any depth; a directory covers its content.'),
      )
      .min(1)
      .describe('Paths that must be in no layer, e.g. `**/tools.tar` or `/var/cache/apk`.'),
    label: z.string().min(1).optional().describe('How feedback names what was found, e.g. "the tools archive".'),
  },
  help: {
    why: 'Layers are stacked, not merged: a file deleted by a later step is still inside the layer that added it, and anyone can extract it.',
    fix: 'Never let the file reach a layer: delete it in the same RUN that created it, or keep it out of the context with .dockerignore.',
  },
  async run(ctx, check) {
    const build = ctx.builds.get(check.build)!;
    const view = await layersView(ctx, build);
    const matchers = check.paths.map(pathGlob);
    const found = findInLayers(view.model, (f) => matchers.some((m) => m(f.path)), view.analysis.fates);
    const patterns = check.paths.map((p) => code(p)).join(', ');
    const what = check.label ?? (check.paths.length === 1 ? patterns : `any of ${patterns}`);
    if (found.length === 0) {
      return { passed: true, feedback: `${what[0].toUpperCase()}${what.slice(1)} is in none of the image's ${view.model.layers.length} layers.` };
    }
    const top = topmost(found);
    const lines = top.slice(0, SHOWN).map(({ item, bytes, files }) => {
      const size = `${formatBytes(bytes)}${files > 1 ? `, ${files} files` : ''}`;
      const where = `${code(item.file.path)} (${size}) is in the layer of ${view.label(item.layerIndex)}`;
      if (item.inFinalImage) return `- ${where}, and it is still in the final image.`;
      if (item.fate) {
        return `- ${where}; ${view.label(item.fate.byLayer)} ${item.fate.how === 'deleted' ? 'deletes' : 'replaces'} it, but that only hides it: the bytes stay in the earlier layer.`;
      }
      return `- ${where}.`;
    });
    if (top.length > SHOWN) lines.push(`- and ${top.length - SHOWN} more`);
    const deletedLater = top.some((t) => t.item.fate);
    const chain = view.chainNote(top.map((t) => t.item.layerIndex));
    return {
      passed: false,
      feedback: withHint(
        `${what[0].toUpperCase()}${what.slice(1)} must not be in any layer of the image, but:\n${lines.join('\n')}${
          deletedLater
            ? '\nA `RUN rm` in a later layer leaves the bytes in the earlier one: the later layer only records a deletion (a whiteout file), and anyone with the image can extract the earlier layer (`docker save`). Never let the file reach a layer: create, use and delete it in the same RUN, or bring it in a way that leaves no copy.'
            : ''
        }${chain ? `\n${chain}` : ''}`,
        check.hint,
      ),
    };
  },
});

/** Collapse a found directory's content into the directory (per layer), keeping totals. */
function topmost(found: FoundFile[]): { item: FoundFile; bytes: number; files: number }[] {
  const out: { item: FoundFile; bytes: number; files: number }[] = [];
  for (const f of found) {
    const parent = out.find((o) => o.item.layerIndex === f.layerIndex && o.item.file.type === 'directory' && f.file.path.startsWith(`${o.item.file.path}/`));
    if (parent) {
      parent.bytes += f.file.size;
      if (f.file.type !== 'directory') parent.files += 1;
    } else out.push({ item: f, bytes: f.file.size, files: f.file.type === 'directory' ? 0 : 1 });
  }
  return out;
}
