/**
 * The components an MDX lesson may use: the whole allowlist, with each component's attributes and
 * what it may contain. Validation (./validate.ts) and rendering (../render.ts and
 * app/_components/lesson/) both read this table, so a component is added in one place.
 *
 * Authors are trusted less than code: attributes are plain strings or bare booleans (`correct`),
 * never `{expressions}`; children are markdown. Documented for authors in README "MDX lessons".
 */

export type AttrKind =
  | { kind: 'string'; required?: boolean; oneOf?: readonly string[] }
  | { kind: 'boolean' };

export interface ComponentSpec {
  /** Attributes by name; anything else is refused. */
  attrs: Record<string, AttrKind>;
  /** `none`: no children; `markdown`: any allowed content; a list: only these components (whitespace aside). */
  children: 'none' | 'markdown' | readonly string[];
  /** Only allowed directly inside this component. */
  parent?: string;
  /** The hast tag the renderer maps to the React component (never a real HTML tag). */
  tag: string;
  /** One line for error messages and the README. */
  summary: string;
}

export const CALLOUT_TYPES = ['note', 'tip', 'warning'] as const;

export const MDX_COMPONENTS = {
  Lab: {
    attrs: { id: { kind: 'string', required: true } },
    children: 'none',
    tag: 'll-lab',
    summary: '<Lab id="cache-order"/>: the lab\'s card (title, summary, your best score, a start link)',
  },
  Callout: {
    attrs: { type: { kind: 'string', oneOf: CALLOUT_TYPES }, title: { kind: 'string' } },
    children: 'markdown',
    tag: 'll-callout',
    summary: '<Callout type="note|tip|warning" title="…">markdown</Callout>',
  },
  LayerStack: {
    attrs: { title: { kind: 'string' } },
    children: ['Layer'],
    tag: 'll-layer-stack',
    summary: '<LayerStack title="…"><Layer note="…">top layer</Layer>…</LayerStack>: a layer diagram, top layer first',
  },
  Layer: {
    attrs: { note: { kind: 'string' } },
    children: 'markdown',
    parent: 'LayerStack',
    tag: 'll-layer',
    summary: '<Layer note="why">instruction</Layer>, inside <LayerStack>',
  },
  Quiz: {
    attrs: { question: { kind: 'string', required: true } },
    children: ['Choice'],
    tag: 'll-quiz',
    summary: '<Quiz question="…"><Choice correct explanation="…">answer</Choice>…</Quiz>: multiple choice',
  },
  Choice: {
    attrs: { correct: { kind: 'boolean' }, explanation: { kind: 'string', required: true } },
    children: 'markdown',
    parent: 'Quiz',
    tag: 'll-choice',
    summary: '<Choice correct explanation="why">answer</Choice>, inside <Quiz>',
  },
  Terminal: {
    attrs: { command: { kind: 'string', required: true }, output: { kind: 'string' } },
    children: 'markdown',
    tag: 'll-terminal',
    summary: '<Terminal command="docker history app" output="…"/> (or the output as a code block inside)',
  },
} as const satisfies Record<string, ComponentSpec>;

export type ComponentName = keyof typeof MDX_COMPONENTS;

export const COMPONENT_NAMES = Object.keys(MDX_COMPONENTS) as ComponentName[];

export function isComponentName(name: string): name is ComponentName {
  return Object.hasOwn(MDX_COMPONENTS, name);
}

/** Hast tag → component name (for the renderer). */
export const TAG_TO_COMPONENT: Record<string, ComponentName> = Object.fromEntries(
  COMPONENT_NAMES.map((n) => [MDX_COMPONENTS[n].tag, n]),
);

/** The hast property a JSX attribute becomes: `id` is renamed so it never lands as an HTML id. */
export function propertyOf(component: ComponentName, attr: string): string {
  return component === 'Lab' && attr === 'id' ? 'lab' : attr;
}
