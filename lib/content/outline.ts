import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { LessonFormat } from './frontmatter';

/**
 * What a lesson is about, read from its body without rendering it: the heading texts (searched
 * with a higher rank than the body) and a description (the first paragraph: page metadata,
 * OpenGraph and search results). Pure.
 */
export interface LessonOutline {
  /** Every heading's text, in order. */
  headings: string[];
  /** The first paragraph's text, whitespace collapsed, at most DESCRIPTION_MAX characters. */
  description: string;
}

export const DESCRIPTION_MAX = 200;

const md = unified().use(remarkParse).use(remarkGfm);
const mdx = unified().use(remarkParse).use(remarkMdx).use(remarkGfm);

/** Outline of a body; an MDX body that does not parse (never stored: the upsert refuses it) gives an empty outline. */
export function lessonOutline(body: string, format: LessonFormat = 'md'): LessonOutline {
  let tree: Root;
  try {
    tree = (format === 'mdx' ? mdx : md).parse(body) as Root;
  } catch {
    return { headings: [], description: '' };
  }
  const headings: string[] = [];
  let description = '';
  const visit = (nodes: RootContent[]) => {
    for (const node of nodes) {
      if (node.type === 'heading') {
        const text = collapse(toString(node));
        if (text) headings.push(text);
      } else if (node.type === 'paragraph' && !description && !onlyComponents(node.children)) {
        description = truncate(collapse(toString(node)));
      }
    }
  };
  visit(tree.children);
  return { headings, description };
}

/** A paragraph that only holds MDX components (a one-line <Callout>…</Callout>) is not prose. */
function onlyComponents(children: { type: string; value?: string }[]): boolean {
  const meaningful = children.filter((c) => !(c.type === 'text' && (c.value ?? '').trim() === ''));
  return meaningful.length > 0 && meaningful.every((c) => c.type === 'mdxJsxTextElement');
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Cut at a word boundary before `max` characters, with an ellipsis. */
export function truncate(s: string, max = DESCRIPTION_MAX): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
