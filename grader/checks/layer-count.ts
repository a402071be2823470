import { z } from 'zod';
import { layerCountCheckKind } from '../../lib/labs/checks/layer-count';
import { historyInstruction } from '../inspect/history-match';
import { withHint } from '../report/feedback';
import { formatBytes, layersView } from './layers-view';
import type { CheckKind } from './types';

/**
 * `layer-count`: how many layers the final stage adds on top of its base image (or the steps matching
 * a pattern add). Read from the image's own layers (`docker save`), so a metadata-only step (ENV,
 * WORKDIR, CMD) never counts, and a RUN that only deletes files does (it records whiteouts).
 */
export const layerCountCheck: CheckKind<'layer-count'> = {
  kind: 'layer-count',
  optionsSchema: z.object(layerCountCheckKind.options),
  definition: layerCountCheckKind,
  async run(ctx, check) {
    const build = ctx.builds.get(check.build)!;
    const view = await layersView(ctx, build);
    const re = check.steps ? new RegExp(check.steps, 'i') : undefined;
    const mode = check.count ?? 'changed';
    const counted = view.model.layers.filter((layer) => {
      if (!view.isFinalStage(layer.index)) return false;
      const changes = layer.files.length + layer.whiteouts.length;
      if (mode === 'sized' ? layer.size <= 0 : changes === 0) return false;
      if (!re) return true;
      const h = layer.historyIndex!;
      const text = view.attribution[h]?.instruction ?? historyInstruction(view.model.history[h].createdBy);
      return re.test(text);
    });
    const what = check.stepLabel ?? (re ? 'the matching steps' : `your final stage (on top of ${view.baseImage})`);
    const list = counted
      .map((l) => {
        const parts = [formatBytes(l.size)];
        const files = l.files.filter((f) => f.type !== 'directory').length;
        if (files) parts.push(`${files} file${files === 1 ? '' : 's'}`);
        if (l.whiteouts.length) parts.push(`deletes ${l.whiteouts.slice(0, 3).map((w) => w.path).join(', ')}${l.whiteouts.length > 3 ? ', …' : ''}`);
        return `- ${view.label(l.index, true)}: ${parts.join(', ')}`;
      })
      .join('\n');
    const n = counted.length;
    const summary = `${what[0].toUpperCase()}${what.slice(1)} ${n === 1 ? 'adds 1 layer' : `add${re || check.stepLabel ? '' : 's'} ${n} layers`} (at most ${check.max} allowed)${n ? ':' : '.'}`;
    if (n <= check.max) return { passed: true, feedback: `${summary}${n ? `\n${list}` : ''}` };
    return {
      passed: false,
      feedback: withHint(
        `${summary}\n${list}\nEvery RUN, COPY and ADD that changes files makes a layer, and a layer that only deletes files is a layer too (the deleted bytes stay below it). Chain the commands of one job into a single RUN with \`&&\`, and clean up inside that RUN.`,
        check.hint,
      ),
    };
  },
};
