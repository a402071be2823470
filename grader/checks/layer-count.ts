import { z } from 'zod';
import { describeSelector } from '../../lib/labs/step-selector';
import { selectInstructions } from '../dockerfile/select';
import { withHint } from '../report/feedback';
import { formatBytes, layersView } from './layers-view';
import { StepSelectorSchema } from '../../lib/labs/step-selector';
import { defineCheckKind, selectorIssues } from './kind';

/**
 * `layer-count`: how many layers the Dockerfile adds on top of its external base image — every
 * shipped stage (the final one and the stages it is built FROM) — or the steps a selector picks. Read from the image's own layers (`docker save`), so a metadata-only step (ENV,
 * WORKDIR, CMD) never counts, and a RUN that only deletes files does (it records whiteouts).
 */
export const layerCountCheck = defineCheckKind({
  kind: 'layer-count',
  readsImages: true,
  description:
    'The image of build `build` adds at most `max` layers on top of its external base image, counting every stage whose layers ship (the final stage and the stages it is built FROM), or only the steps `steps` selects.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose image is inspected.'),
    max: z.number().int().min(0).describe('Largest number of layers allowed.'),
    steps: StepSelectorSchema.optional().describe(
      'Only count layers created by the steps this selects (e.g. `{instruction: RUN, program: /opt/layertools/install.sh}`). Default: every step whose layer ships in the final image.',
    ),
    stepLabel: z.string().min(1).optional().describe('How feedback names the counted steps, e.g. "the tools install".'),
    count: z
      .enum(['changed', 'sized'])
      .default('changed')
      .describe('`changed` (default): a layer counts when it changes anything (a file, a directory or a deletion); `sized`: only layers holding file bytes (what `docker history` shows as > 0 B).'),
  },
  help: {
    why: 'Each RUN, COPY and ADD commits one layer; commands joined with `&&` in one RUN make one layer.',
    fix: 'Join related commands into one RUN with `&&`.',
  },
  validate: (check, lab) => (check.steps ? selectorIssues(['steps'], check.steps, lab) : []),
  async run(ctx, check) {
    const build = ctx.builds.get(check.build)!;
    const view = await layersView(ctx, build);
    const selected = check.steps ? new Set(selectInstructions(ctx.dockerfile, check.steps).map((i) => i.n)) : undefined;
    const mode = check.count ?? 'changed';
    const counted = view.model.layers.filter((layer) => {
      if (!view.isOwn(layer.index)) return false;
      const changes = layer.files.length + layer.whiteouts.length;
      if (mode === 'sized' ? layer.size <= 0 : changes === 0) return false;
      if (!selected) return true;
      const step = view.stepOf(layer.index);
      return step !== undefined && selected.has(step.n);
    });
    const what =
      check.stepLabel ??
      (check.steps ? describeSelector(check.steps).replace(/^a /, 'the steps: ') : `your Dockerfile (on top of ${view.baseImage})`);
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
    const summary = `${what[0].toUpperCase()}${what.slice(1)} ${n === 1 ? 'adds 1 layer' : `add${check.steps || check.stepLabel ? '' : 's'} ${n} layers`} (at most ${check.max} allowed)${n ? ':' : '.'}`;
    if (n <= check.max) return { passed: true, feedback: `${summary}${n ? `\n${list}` : ''}` };
    return {
      passed: false,
      feedback: withHint(
        `${summary}\n${list}\n${[view.chainNote(counted.map((l) => l.index)), 'Every RUN, COPY and ADD that changes files makes a layer, and a layer that only deletes files is a layer too (the deleted bytes stay below it). Chain the commands of one job into a single RUN with `&&`, and clean up inside that RUN.'].filter(Boolean).join(' ')}`,
        check.hint,
      ),
    };
  },
});
