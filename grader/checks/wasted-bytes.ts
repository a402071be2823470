import { z } from 'zod';
import { wastedBytesCheckKind } from '../../lib/labs/checks/wasted-bytes';
import { groupWaste, pathGlob, wastedBytes, type WasteGroup } from '../inspect/layers';
import { code, withHint } from '../report/feedback';
import { formatBytes, layersView, type LayersView } from './layers-view';
import type { CheckKind } from './types';

const SHOWN = 8;

/**
 * `wasted-bytes`: bytes of files added by one layer and deleted or overwritten by a later one (dive's
 * definition) — invisible in a container, yet shipped with every pull. Feedback is the waste map:
 * each file (or deleted directory) with its bytes, the line that added it and the line that removed it.
 */
export const wastedBytesCheck: CheckKind<'wasted-bytes'> = {
  kind: 'wasted-bytes',
  optionsSchema: z.object(wastedBytesCheckKind.options),
  definition: wastedBytesCheckKind,
  async run(ctx, check) {
    const build = ctx.builds.get(check.build)!;
    const view = await layersView(ctx, build);
    const ignored = (check.ignore ?? []).map(pathGlob);
    const report = wastedBytes(view.model);
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
};


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
