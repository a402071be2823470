import { toJsxRuntime, type Components } from 'hast-util-to-jsx-runtime';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import type { RenderedLesson } from '@/lib/content/render';
import { Callout, Layer, LayerStack, Terminal } from './blocks';
import { HashTarget } from './hash-target';
import { LabCard } from './lab-card';
import { Choice, Quiz } from './quiz';
import './components.css';

/** The `ll-*` tags of lib/content/mdx/components.ts → their React components. */
const COMPONENTS = {
  'll-lab': LabCard,
  'll-callout': Callout,
  'll-layer-stack': LayerStack,
  'll-layer': Layer,
  'll-quiz': Quiz,
  'll-choice': Choice,
  'll-terminal': Terminal,
} as unknown as Components;

/**
 * A rendered lesson body (from `renderLesson`) as React: sanitised markup plus the MDX components.
 * Server component; the interactive parts (quiz, lab scores, fragment links) hydrate on their own.
 */
export function LessonContent({ rendered, className }: { rendered: RenderedLesson; className?: string }) {
  const body = toJsxRuntime(rendered.hast, {
    Fragment,
    jsx,
    jsxs,
    components: COMPONENTS,
    passKeys: true,
    stylePropertyNameCase: 'dom',
  });
  return (
    <div className={className} data-testid="lesson-body">
      {body}
      <HashTarget />
    </div>
  );
}
