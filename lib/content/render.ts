import { createHash } from 'node:crypto';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import rehypePrettyCode, { type Options as PrettyCodeOptions } from 'rehype-pretty-code';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as Schema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

/**
 * Lesson markdown → sanitised HTML + table of contents.
 *
 * Plain markdown (not MDX): `a<b`, `{{.ID}}`, `<br>` and comments are all fine. Raw HTML is parsed
 * (rehype-raw) and then sanitised (GitHub's rules: no script, no event handlers, no style) BEFORE
 * the highlighter runs, so shiki's inline colours survive and nothing the author wrote can inject
 * script. Rendering is slow (shiki), so results are cached in memory by content hash.
 */

export interface TocEntry {
  depth: 2 | 3;
  id: string;
  text: string;
}

export interface RenderedLesson {
  html: string;
  toc: TocEntry[];
  /** False when highlighting failed and the code blocks were rendered plain. */
  highlighted: boolean;
}

export class LessonRenderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LessonRenderError';
  }
}

/** Bumped when the pipeline changes, so cached HTML of an older pipeline is not reused. */
const RENDERER_VERSION = 1;
const CACHE_MAX = 200;
const cache = new Map<string, Promise<RenderedLesson>>();

export const CODE_THEME = 'github-light';

const sanitizeSchema: Schema = {
  ...defaultSchema,
  // remark-rehype already prefixes footnote ids and their links with `user-content-`; a second
  // prefix here would break the links.
  clobberPrefix: '',
  attributes: {
    ...defaultSchema.attributes,
    // Keep the fence language (`language-bash`) for the highlighter.
    code: [...(defaultSchema.attributes?.code ?? []), ['className', /^language-[\w+#.-]+$/]],
  },
};

const prettyCodeOptions: PrettyCodeOptions = {
  theme: CODE_THEME,
  keepBackground: true,
  // `code{:lang}` inline highlighting is not part of our markdown; leave inline code alone.
  bypassInlineCode: true,
  // Fences without a language stay plain <pre><code> (box-drawing diagrams, sample output).
  defaultLang: '',
};

function buildProcessor(highlight: boolean) {
  const p = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypeSanitize, sanitizeSchema)
    .use(normaliseCodeLanguage)
    .use(rehypeSlug)
    .use(collectToc);
  const q = highlight ? p.use(rehypePrettyCode, prettyCodeOptions) : p;
  return q.use(rehypeStringify);
}

let highlighted: ReturnType<typeof buildProcessor> | undefined;
let plain: ReturnType<typeof buildProcessor> | undefined;

/** Render lesson markdown; cached by `cacheKey` (use the lesson's contentHash) or the body's sha256. */
export function renderLessonMarkdown(markdown: string, cacheKey?: string): Promise<RenderedLesson> {
  const key = `${RENDERER_VERSION}:${cacheKey ?? createHash('sha256').update(markdown).digest('hex')}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // LRU: move to the end
    cache.set(key, hit);
    return hit;
  }
  const pending = renderUncached(markdown);
  cache.set(key, pending);
  pending.catch(() => cache.delete(key));
  while (cache.size > CACHE_MAX) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return pending;
}

/** For tests. */
export function clearRenderCache(): void {
  cache.clear();
}

async function renderUncached(markdown: string): Promise<RenderedLesson> {
  try {
    highlighted ??= buildProcessor(true);
    return { ...(await run(highlighted, markdown)), highlighted: true };
  } catch (err) {
    console.error('Lesson highlighting failed; rendering code blocks plain.', err);
  }
  try {
    plain ??= buildProcessor(false);
    return { ...(await run(plain, markdown)), highlighted: false };
  } catch (err) {
    throw new LessonRenderError(
      `The lesson could not be rendered: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}

async function run(processor: ReturnType<typeof buildProcessor>, markdown: string): Promise<{ html: string; toc: TocEntry[] }> {
  const file = await processor.process(markdown);
  return { html: String(file), toc: ((file.data as { toc?: TocEntry[] }).toc ?? []).slice() };
}

/**
 * `dockerfile  ` (trailing spaces) is trimmed by the markdown parser already; lower-case the
 * language so `Dockerfile`/`BASH` highlight too. Unknown languages fall back to plain text inside
 * rehype-pretty-code.
 */
function normaliseCodeLanguage() {
  return (tree: Root) => {
    walk(tree, (el) => {
      if (el.tagName !== 'code') return;
      const cls = el.properties?.className;
      if (Array.isArray(cls)) {
        el.properties.className = cls.map((c) =>
          typeof c === 'string' && c.startsWith('language-') ? c.toLowerCase() : c,
        );
      }
    });
  };
}

/** h2/h3 with their ids (set by rehype-slug) → file.data.toc. */
function collectToc() {
  return (tree: Root, file: { data: Record<string, unknown> }) => {
    const toc: TocEntry[] = [];
    walk(tree, (el) => {
      if (el.tagName !== 'h2' && el.tagName !== 'h3') return;
      // GFM's visually hidden "Footnotes" heading is not a section of the lesson.
      const cls = el.properties?.className;
      if (Array.isArray(cls) && cls.includes('sr-only')) return;
      const id = el.properties?.id;
      if (typeof id !== 'string' || !id) return;
      const text = textOf(el).trim();
      if (text) toc.push({ depth: el.tagName === 'h2' ? 2 : 3, id, text });
    });
    file.data.toc = toc;
  };
}

function walk(node: Root | RootContent | ElementContent, visit: (el: Element) => void): void {
  if (node.type === 'element') visit(node);
  if ('children' in node) for (const child of node.children) walk(child, visit);
}

function textOf(node: Root | RootContent | ElementContent): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return node.children.map(textOf).join('');
  return '';
}
