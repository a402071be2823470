import type { Root as MdastRoot, RootContent as MdastContent, Nodes as MdastNodes } from 'mdast';
import type { MdxJsxAttribute, MdxJsxExpressionAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { defaultSchema } from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { COMPONENT_NAMES, MDX_COMPONENTS, isComponentName, propertyOf, type ComponentName } from './components';

/**
 * MDX lesson bodies: parsed with remark-mdx (the MDX 3 syntax), then checked against the
 * component allowlist (./components.ts). Nothing is ever evaluated: `import`/`export`, `{expressions}`
 * (in text or attributes) and `{...spread}` attributes are refused, unknown components are refused,
 * lowercase tags must be HTML elements the sanitiser keeps. Positions are 1-based line/column in
 * the BODY; callers add the body's start line.
 */

export interface MdxIssue {
  /** 1-based line in the body. */
  line: number;
  /** 1-based column. */
  column: number;
  message: string;
}

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

const HTML_TAGS = new Set(defaultSchema.tagNames ?? []);
const ALLOWED_LIST = COMPONENT_NAMES.map((n) => `<${n}>`).join(', ');

const parser = unified().use(remarkParse).use(remarkMdx).use(remarkGfm);

/**
 * Parse an MDX body into mdast. A syntax error (e.g. `a<b`, `<br>` without `/`, an HTML comment)
 * comes back as one issue with micromark's message and position instead of a tree.
 */
export function parseMdxBody(body: string): { tree: MdastRoot } | { issue: MdxIssue } {
  try {
    const tree = parser.runSync(parser.parse(body)) as MdastRoot;
    return { tree };
  } catch (err) {
    const e = err as { line?: number; column?: number; reason?: string; message?: string; place?: unknown };
    const reason = (e.reason ?? e.message ?? String(err)).replace(/\s*\(note: to create a comment in MDX, use `\{\/\* text \*\/\}`\)/, ' (HTML comments are not MDX; remove the comment)');
    return { issue: { line: e.line ?? 1, column: e.column ?? 1, message: `MDX syntax error: ${reason}` } };
  }
}

/** Every problem in a parsed MDX tree, in document order. */
export function checkMdxTree(tree: MdastRoot): MdxIssue[] {
  const issues: MdxIssue[] = [];
  const at = (node: { position?: { start: { line: number; column: number } } } | undefined, message: string) =>
    issues.push({ line: node?.position?.start.line ?? 1, column: node?.position?.start.column ?? 1, message });

  const visit = (node: MdastNodes, parentComponent: ComponentName | null) => {
    switch (node.type) {
      case 'mdxjsEsm':
        at(node, 'import and export statements are not allowed in lessons (MDX here runs no JavaScript).');
        return;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        at(
          node,
          'JavaScript expressions `{…}` are not allowed in lessons; write the text out, or put braces in `code` (a `{` in text starts an expression in MDX).',
        );
        return;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        const component = checkElement(node, parentComponent, at);
        for (const child of node.children) visit(child as MdastNodes, component);
        return;
      }
      case 'paragraph': {
        // Lines inside a component form a paragraph: it is transparent for nesting rules, but a
        // block component cannot share a paragraph with text (it would render inside a <p>).
        const blocks = node.children.filter((c) => isJsx(c as MdastContent) && BLOCK_COMPONENTS.has((c as JsxElement).name ?? ''));
        const others = node.children.filter((c) => !isBlank(c as MdastContent) && !(isJsx(c as MdastContent) && BLOCK_COMPONENTS.has((c as JsxElement).name ?? '')));
        if (blocks.length > 0 && others.length > 0) {
          at(blocks[0], `<${(blocks[0] as JsxElement).name}> must stand on its own lines, not inside a sentence.`);
        }
        for (const child of node.children) visit(child as MdastNodes, parentComponent);
        return;
      }
    }
    if ('children' in node) for (const child of node.children) visit(child as MdastNodes, null);
  };

  visit(tree, null);
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  return issues;
}

/** Check one JSX element; returns its component name (or null for an HTML tag / a refused one). */
function checkElement(
  node: JsxElement,
  parent: ComponentName | null,
  at: (n: { position?: { start: { line: number; column: number } } } | undefined, m: string) => void,
): ComponentName | null {
  const name = node.name;
  if (name === null) {
    at(node, 'Fragments `<>…</>` are not allowed; use the content directly.');
    return null;
  }
  for (const attr of node.attributes) {
    if (attr.type === 'mdxJsxExpressionAttribute') {
      at(attr as MdxJsxExpressionAttribute & { position?: never }, `<${name}>: spread attributes \`{…}\` are not allowed (no JavaScript in lessons).`);
    } else if (attr.value !== null && typeof attr.value === 'object') {
      at(attrNode(attr, node), `<${name}> attribute "${attr.name}": \`{…}\` values are not allowed; write the value as a "string".`);
    }
  }

  if (!isComponentName(name)) {
    if (/^[a-z][a-z0-9]*$/.test(name)) {
      if (!HTML_TAGS.has(name)) {
        at(node, `The HTML element <${name}> is not allowed in lessons. Allowed components: ${ALLOWED_LIST}.`);
      }
      return null;
    }
    at(node, `Unknown component <${name}>. Allowed components: ${ALLOWED_LIST}.`);
    return null;
  }

  const spec = MDX_COMPONENTS[name];
  if ('parent' in spec && spec.parent !== parent) {
    at(node, `<${name}> is only allowed directly inside <${spec.parent}>.`);
  }

  const attrs = spec.attrs as Record<string, { kind: 'string' | 'boolean'; required?: boolean; oneOf?: readonly string[] }>;
  const seen = new Set<string>();
  for (const attr of node.attributes) {
    if (attr.type !== 'mdxJsxAttribute') continue;
    const rule = Object.hasOwn(attrs, attr.name) ? attrs[attr.name] : undefined;
    if (!rule) {
      const allowed = Object.keys(attrs);
      at(
        attrNode(attr, node),
        `<${name}> has no attribute "${attr.name}"${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}.`,
      );
      continue;
    }
    seen.add(attr.name);
    if (typeof attr.value === 'object' && attr.value !== null) continue; // reported above
    if (rule.kind === 'boolean') {
      if (attr.value !== null && attr.value !== 'true' && attr.value !== 'false') {
        at(attrNode(attr, node), `<${name}> attribute "${attr.name}" is a flag: write it bare (${attr.name}) or leave it out.`);
      }
      continue;
    }
    if (attr.value === null || attr.value === undefined) {
      at(attrNode(attr, node), `<${name}> attribute "${attr.name}" needs a value: ${attr.name}="…".`);
      continue;
    }
    if (rule.oneOf && !rule.oneOf.includes(attr.value)) {
      at(attrNode(attr, node), `<${name}> attribute "${attr.name}" must be one of ${rule.oneOf.map((v) => `"${v}"`).join(', ')}.`);
    } else if (rule.required && attr.value.trim() === '') {
      at(attrNode(attr, node), `<${name}> attribute "${attr.name}" must not be empty.`);
    }
  }
  for (const [attrName, rule] of Object.entries(attrs)) {
    if (rule.kind === 'string' && rule.required && !seen.has(attrName)) {
      at(node, `<${name}> needs the attribute ${attrName}="…".`);
    }
  }

  const meaningful = flattenParagraphs(node.children as MdastContent[]).filter((c) => !isBlank(c));
  if (spec.children === 'none' && meaningful.length > 0) {
    at(node, `<${name}> takes no content; write it as <${name} …/>.`);
  } else if (Array.isArray(spec.children)) {
    const allowed = spec.children as readonly string[];
    for (const child of meaningful) {
      const childName = isJsx(child) ? child.name : null;
      if (!childName || !allowed.includes(childName)) {
        at(child, `<${name}> may only contain ${allowed.map((c) => `<${c}>`).join(', ')}.`);
      }
    }
    if (name === 'Quiz') checkQuiz(node, at);
    if (meaningful.length === 0) at(node, `<${name}> needs at least one ${allowed.map((c) => `<${c}>`).join(' or ')}.`);
  }
  return name;
}

function checkQuiz(node: JsxElement, at: (n: JsxElement, m: string) => void): void {
  const choices = flattenParagraphs(node.children as MdastContent[]).filter((c): c is JsxElement => isJsx(c as MdastContent) && (c as JsxElement).name === 'Choice');
  if (choices.length < 2) at(node, '<Quiz> needs at least two <Choice> answers.');
  const correct = choices.filter((c) =>
    c.attributes.some((a) => a.type === 'mdxJsxAttribute' && a.name === 'correct' && (a.value === null || a.value === 'true')),
  );
  if (choices.length >= 2 && correct.length === 0) at(node, '<Quiz> needs one <Choice correct …> (none is marked correct).');
}

/** Components that render as blocks (never inside a paragraph's text). */
export const BLOCK_COMPONENTS = new Set(['Callout', 'LayerStack', 'Quiz', 'Terminal', 'Lab']);

/** Children with paragraphs replaced by their content (component lines inside a component). */
function flattenParagraphs(children: MdastContent[]): MdastContent[] {
  return children.flatMap((c) => (c.type === 'paragraph' ? (c.children as MdastContent[]) : [c]));
}

function isJsx(node: MdastContent | MdastNodes): node is JsxElement {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
}

/** Whitespace-only text (and paragraphs of it) between child components. */
function isBlank(node: MdastContent): boolean {
  if (node.type === 'text') return node.value.trim() === '';
  if (node.type === 'paragraph') return node.children.every((c) => isBlank(c as MdastContent));
  return false;
}

function attrNode(attr: MdxJsxAttribute | MdxJsxExpressionAttribute, owner: JsxElement) {
  return (attr as { position?: JsxElement['position'] }).position ? (attr as { position?: JsxElement['position'] }) : owner;
}

/** Parse and check; every problem found (empty when the body is fine). */
export function mdxBodyIssues(body: string): MdxIssue[] {
  const parsed = parseMdxBody(body);
  if ('issue' in parsed) return [parsed.issue];
  return checkMdxTree(parsed.tree);
}

/** Lab ids used by `<Lab id="…"/>` with their positions (the upsert checks they exist). */
export function labReferences(tree: MdastRoot): { id: string; line: number; column: number }[] {
  const refs: { id: string; line: number; column: number }[] = [];
  const visit = (node: MdastNodes) => {
    if (isJsx(node) && node.name === 'Lab') {
      const attr = node.attributes.find((a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === 'id');
      if (attr && typeof attr.value === 'string') {
        const pos = attrNode(attr, node).position?.start ?? node.position?.start;
        refs.push({ id: attr.value, line: pos?.line ?? 1, column: pos?.column ?? 1 });
      }
    }
    if ('children' in node) for (const c of node.children) visit(c as MdastNodes);
  };
  visit(tree);
  return refs;
}

/**
 * remark plugin for rendering: turns the (already checked) JSX elements into hast-ready nodes —
 * components become their `ll-*` tag with string properties, HTML tags stay themselves — and drops
 * anything executable that slipped through (defence in depth: nothing here is ever evaluated).
 */
export function remarkLessonMdx() {
  return (tree: MdastRoot) => {
    const transform = (parent: { children: MdastContent[] }) => {
      parent.children = parent.children.filter(
        (c) => c.type !== 'mdxjsEsm' && c.type !== 'mdxFlowExpression' && c.type !== 'mdxTextExpression',
      );
      for (const child of parent.children) {
        if (isJsx(child)) {
          const props: Record<string, string> = {};
          const component = child.name && isComponentName(child.name) ? child.name : null;
          for (const a of child.attributes) {
            if (a.type !== 'mdxJsxAttribute' || (a.value !== null && typeof a.value === 'object')) continue;
            const key = component ? propertyOf(component, a.name) : a.name === 'class' ? 'className' : a.name;
            props[key] = a.value === null || a.value === undefined ? 'true' : a.value;
          }
          const tag = component ? MDX_COMPONENTS[component].tag : child.name && HTML_TAGS.has(child.name) ? child.name : 'span';
          child.data = { ...(child.data ?? {}), hName: tag, hProperties: props };
        }
        if ('children' in child) transform(child as { children: MdastContent[] });
      }
    };
    transform(tree);
  };
}
