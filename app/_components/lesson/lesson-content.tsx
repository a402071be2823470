import type { Element, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toJsxRuntime, type Components } from 'hast-util-to-jsx-runtime';
import type { ReactElement } from 'react';
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

function hasComponent(node: RootContent): boolean {
  if (node.type !== 'element') return false;
  if (node.tagName.startsWith('ll-')) return true;
  return node.children.some(hasComponent);
}

/**
 * A rendered lesson body (from `renderLesson`) as React: sanitised markup plus the MDX components.
 * Server component; the interactive parts (quiz, lab scores, fragment links) hydrate on their own.
 *
 * Runs of top-level blocks without components (for md lessons: the whole body) are passed as one
 * sanitised HTML string rather than as React elements: the page's RSC payload then carries the
 * markup once as a string instead of a JSON tree of every highlighted span (≈ 3x smaller for the
 * seed lesson, which the cached page sends on every request).
 */
export function LessonContent({ rendered, className }: { rendered: RenderedLesson; className?: string }) {
  const parts: ReactElement[] = [];
  let run: RootContent[] = [];
  const flush = () => {
    if (run.some((n) => n.type !== 'text' || n.value.trim() !== '')) {
      const html = toHtml({ type: 'root', children: run } satisfies Root);
      parts.push(<div key={`raw-${parts.length}`} className="lesson-raw" dangerouslySetInnerHTML={{ __html: html }} />);
    }
    run = [];
  };
  for (const node of rendered.hast.children) {
    if (!hasComponent(node)) {
      run.push(node);
      continue;
    }
    flush();
    parts.push(
      <Fragment key={`c-${parts.length}`}>
        {toJsxRuntime({ type: 'root', children: [node as Element] }, {
          Fragment,
          jsx,
          jsxs,
          components: COMPONENTS,
          passKeys: true,
          stylePropertyNameCase: 'dom',
        })}
      </Fragment>,
    );
  }
  flush();
  return (
    <div className={className} data-testid="lesson-body">
      {parts}
      <HashTarget />
    </div>
  );
}
