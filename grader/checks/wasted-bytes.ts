import { z } from 'zod';
import { groupWaste, type WasteGroup } from '../inspect/file-tree';
import { pathGlob } from '../inspect/glob';
import { code, withHint } from '../report/feedback';
import { formatBytes, layersView, type LayersView } from './layers-view';
import { defineCheckKind } from './kind';

const SHOWN = 8;

/**
 * `wasted-bytes`: bytes of files added by one layer and deleted or overwritten by a later one (dive's
 * definition) — invisible in a container, yet shipped with every pull. Feedback is the waste map:
 * each file (or deleted directory) with its bytes, the line that added it and the line that removed it.
 */
export const wastedBytesCheck = defineCheckKind({
  kind: 'wasted-bytes',
  readsImages: true,
  description:
    'The image of build `build` wastes at most `maxBytes`: bytes of files added by one layer and deleted or overwritten by a later one (dive\'s definition), still shipped in the earlier layer.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose image is inspected.'),
    maxBytes: z.number().int().min(0).default(0).describe('Largest number of wasted bytes allowed. Default 0.'),
    ignore: z
      .array(z.string().min(1))
      .optional()
      .describe('Image path globs whose waste is not counted (e.g. files the base image itself overwrites), `*`, `?`, `**`.'),
  },
  help: {
    why: 'A file deleted or changed by a later instruction disappears from the container\'s view, but its bytes stay in the layer that added it.',
    fix: 'Create, use and delete temporary files within ONE RUN (`… && rm -rf …`).',
  },
  async run(ctx, check) {
    const build = ctx.builds.get(check.build)!;
    const view = await layersView(ctx, build);
    const ignored = (check.ignore ?? []).map(pathGlob);
    const report = view.analysis.waste;
    const files = report.files.filter((f) => !ignored.some((m) => m(f.path)));
    const groups = groupWaste(files);
    const total = files.reduce((s, f) => s + f.bytes, 0);
    const max = check.maxBytes ?? 0;
    const map = wasteMap(groups, view);
    const head = `Your image wastes ${formatBytes(total)}${total ? ` in ${files.length} file${files.length === 1 ? '' : 's'}` : ''} (at most ${formatBytes(max)} allowed)`;
    if (total <= max) return { passed: true, feedback: `${head}${groups.length ? `:\n${map}` : '.'}` };
    return {
      passed: false,
      feedback: withHint(
        `${head}:\n${map}\n${[view.chainNote(groups.flatMap((g) => [g.addedBy, g.removedBy])), "A file deleted or changed by a later instruction disappears from the container's view, but its bytes stay in the layer that added it, and every pull still downloads them. Create, use and delete temporary files within ONE RUN (`… && rm -rf …`) so they never reach a layer."].filter(Boolean).join(' ')}`,
        check.hint,
      ),
    };
  },
});


/** One line per group: path, bytes, added by, deleted/overwritten by. */
export function wasteMap(groups: readonly WasteGroup[], view: LayersView): string {
  const lines = groups.slice(0, SHOWN).map((g) => {
    const what = `${code(g.path)}${g.files > 1 ? ` (${g.files} files)` : ''}`;
    return `- ${what}, ${formatBytes(g.bytes)}: added by ${view.label(g.addedBy)}, ${g.how === 'deleted' ? 'deleted' : 'overwritten'} by ${view.label(g.removedBy)}`;
  });
  if (groups.length > SHOWN) {
    const rest = groups.slice(SHOWN);
    lines.push(`- and ${rest.length} more (${formatBytes(rest.reduce((s, g) => s + g.bytes, 0))})`);
  }
  return lines.join('\n');
}
