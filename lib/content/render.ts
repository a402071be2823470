import { createHash } from 'node:crypto';
import type { Element, ElementContent, Properties, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import rehypePrettyCode, { type Options as PrettyCodeOptions } from 'rehype-pretty-code';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as Schema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { lessonImageHosts } from '../env';
import type { LessonFormat } from './frontmatter';
import { COMPONENT_NAMES, MDX_COMPONENTS } from './mdx/components';
import { remarkLessonMdx } from './mdx/validate';

/**
 * Lesson body → sanitised hast (and its HTML) + table of contents. The one renderer of lessons: the
 * lesson page, lab tasks and the admin preview all go through `renderLesson`.
 *
 * Entry point: `renderLesson(body, { format, cacheKey })` → RenderedLesson. Show it in a server
 * component with `<LessonContent rendered={…}/>` (app/_components/lesson/lesson-content.tsx), which
 * maps the MDX components' `ll-*` tags to React components (Lab card, Quiz, …); `html` is the same
 * tree as static HTML (components as `ll-*` tags) for places that need a string.
 * `renderLessonMarkdown(markdown, cacheKey)` is the md-only form kept for existing callers.
 *
 * - `md` (default): plain markdown — `a<b`, `{{.ID}}`, `<br>` and comments are fine. Raw HTML is
 *   parsed (rehype-raw) and sanitised (GitHub's rules: no script, no event handlers, no style).
 * - `mdx`: MDX syntax with the allowlisted components (lib/content/mdx/components.ts); nothing is
 *   evaluated — the upsert refuses expressions/imports/exports, and the renderer drops them too.
 *
 * Both: sanitised BEFORE the highlighter (shiki's inline colours survive), every id/name prefixed
 * with `user-content-` so author content cannot clobber globals such as `window.__next_f`
 * (in-page `#links` are rewritten to match; app/_components/lesson/hash-target.tsx resolves
 * unprefixed fragments from outside), external images blocked unless their host is allowed
 * (LAYERLAB_LESSON_IMAGE_HOSTS). Rendering is slow (shiki), so results are cached in memory by
 * content hash. Throws LessonRenderError when even the plain (unhighlighted) pipeline fails.
 */

export interface TocEntry {
  depth: 2 | 3;
  /** The element id (already `user-content-` prefixed). */
  id: string;
  text: string;
}

export interface RenderedLesson {
  /** The sanitised tree (MDX components as `ll-*` elements with string properties). */
  hast: Root;
  html: string;
  toc: TocEntry[];
  /** False when highlighting failed and the code blocks were rendered plain. */
  highlighted: boolean;
  format: LessonFormat;
}

export class LessonRenderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LessonRenderError';
  }
}

/** Bumped when the pipeline changes, so cached output of an older pipeline is not reused. */
const RENDERER_VERSION = 3;
const CACHE_MAX = 200;
const cache = new Map<string, Promise<RenderedLesson>>();

export const CODE_THEME = 'github-light';

/** Prefix of every id and name in lesson HTML (GitHub's, which remark-rehype's footnotes use too). */
export const ID_PREFIX = 'user-content-';

const mdSchema: Schema = {
  ...defaultSchema,
  // Ids are prefixed after rehype-slug by prefixIds (one place, also for generated heading ids).
  clobberPrefix: '',
  attributes: {
    ...defaultSchema.attributes,
    // Keep the fence language (`language-bash`) for the highlighter.
    code: [...(defaultSchema.attributes?.code ?? []), ['className', /^language-[\w+#.-]+$/]],
  },
};

/** MDX adds the component tags with exactly their declared attributes. */
const mdxSchema: Schema = {
  ...mdSchema,
  tagNames: [...(mdSchema.tagNames ?? []), ...COMPONENT_NAMES.map((n) => MDX_COMPONENTS[n].tag)],
  attributes: {
    ...mdSchema.attributes,
    ...Object.fromEntries(
      COMPONENT_NAMES.map((n) => [
        MDX_COMPONENTS[n].tag,
        Object.keys(MDX_COMPONENTS[n].attrs).map((a) => (n === 'Lab' && a === 'id' ? 'lab' : a)).concat(n === 'Choice' ? ['index'] : []),
      ]),
    ),
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

function buildProcessor(format: LessonFormat, highlight: boolean) {
  const front: PluggableList =
    format === 'mdx'
      ? [remarkParse, remarkMdx, remarkGfm, remarkLessonMdx, remarkRehype, [rehypeSanitize, mdxSchema], shapeComponents]
      : [remarkParse, remarkGfm, [remarkRehype, { allowDangerousHtml: true }], rehypeRaw, [rehypeSanitize, mdSchema]];
  const rest: PluggableList = [normaliseCodeLanguage, rehypeSlug, prefixIds, blockExternalImages, collectToc];
  if (highlight) rest.push([rehypePrettyCode, prettyCodeOptions]);
  rest.push(scrollableBlocks);
  return unified().use(front).use(rest);
}

type Processor = ReturnType<typeof buildProcessor>;
const processors = new Map<string, Processor>();
function processorFor(format: LessonFormat, highlight: boolean): Processor {
  const key = `${format}:${highlight}`;
  let p = processors.get(key);
  if (!p) processors.set(key, (p = buildProcessor(format, highlight)));
  return p;
}

/**
 * Render a lesson body. `format` defaults to md; cached by `cacheKey` (use the lesson's
 * contentHash) or the body's sha256, together with the format and the image-host setting.
 */
export function renderLesson(
  body: string,
  opts: { format?: LessonFormat; cacheKey?: string } = {},
): Promise<RenderedLesson> {
  const format = opts.format ?? 'md';
  const hosts = lessonImageHosts();
  const key = `${RENDERER_VERSION}:${format}:${hosts.join(',')}:${opts.cacheKey ?? createHash('sha256').update(body).digest('hex')}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // LRU: move to the end
    cache.set(key, hit);
    return hit;
  }
  const pending = renderUncached(body, format);
  cache.set(key, pending);
  pending.catch(() => cache.delete(key));
  while (cache.size > CACHE_MAX) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return pending;
}

/** Plain-markdown rendering (format md); kept for callers from before MDX. */
export function renderLessonMarkdown(markdown: string, cacheKey?: string): Promise<RenderedLesson> {
  return renderLesson(markdown, { format: 'md', cacheKey });
}

/** For tests. */
export function clearRenderCache(): void {
  cache.clear();
}

async function renderUncached(body: string, format: LessonFormat): Promise<RenderedLesson> {
  try {
    return { ...(await run(processorFor(format, true), body)), highlighted: true, format };
  } catch (err) {
    console.error('Lesson highlighting failed; rendering code blocks plain.', err);
  }
  try {
    return { ...(await run(processorFor(format, false), body)), highlighted: false, format };
  } catch (err) {
    throw new LessonRenderError(
      `The lesson could not be rendered: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}

async function run(processor: Processor, body: string): Promise<{ hast: Root; html: string; toc: TocEntry[] }> {
  const hast = (await processor.run(processor.parse(body))) as Root;
  const toc = ((hast.data as { toc?: TocEntry[] } | undefined)?.toc ?? []).slice();
  return { hast, html: toHtml(hast), toc };
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

/**
 * MDX components' shape for the React side: a Choice or Layer holds phrasing (a <p> inside the
 * quiz's <button> would be invalid HTML and break hydration), and each Choice knows its index.
 */
const BLOCK_TAGS = new Set(['ll-callout', 'll-layer-stack', 'll-quiz', 'll-terminal', 'll-lab']);
const LIST_TAGS = new Set(['ll-layer-stack', 'll-quiz']);
const isBlankText = (c: ElementContent | RootContent) => c.type === 'text' && c.value.trim() === '';

function shapeComponents() {
  return (tree: Root) => {
    // A paragraph holding only block components (their lines inside a component) is unwrapped.
    const unwrap = (parent: Root | Element) => {
      parent.children = parent.children.flatMap((c) => {
        if (
          c.type === 'element' &&
          c.tagName === 'p' &&
          c.children.some((x) => x.type === 'element' && BLOCK_TAGS.has(x.tagName)) &&
          c.children.every((x) => isBlankText(x) || (x.type === 'element' && BLOCK_TAGS.has(x.tagName)))
        ) {
          return c.children.filter((x) => !isBlankText(x));
        }
        return [c];
      }) as typeof parent.children;
      for (const c of parent.children) if (c.type === 'element') unwrap(c);
    };
    unwrap(tree);
    walk(tree, (el) => {
      if (LIST_TAGS.has(el.tagName)) {
        // Only the Layer/Choice elements (the validator allows nothing else), without wrapping <p>s.
        el.children = el.children
          .flatMap((c) => (c.type === 'element' && c.tagName === 'p' ? c.children : [c]))
          .filter((c) => c.type === 'element');
      }
      if (el.tagName === 'll-choice' || el.tagName === 'll-layer') {
        el.children = el.children.flatMap((c) => (c.type === 'element' && c.tagName === 'p' ? c.children : [c]));
      }
      if (el.tagName === 'll-quiz') {
        let i = 0;
        for (const c of el.children) {
          if (c.type === 'element' && c.tagName === 'll-choice') c.properties = { ...c.properties, index: String(i++) };
        }
      }
    });
  };
}

/**
 * Prefix every id and name (and the aria references and in-page `#links` to them) with
 * `user-content-`, so `## __next_f` or `<a name="x">` can never become `window.__next_f`/`window.x`
 * (named access on the Window object) and break Next's runtime. Already prefixed values (GFM
 * footnotes) are left alone.
 */
function prefixIds() {
  const pre = (v: string) => (v.startsWith(ID_PREFIX) ? v : ID_PREFIX + v);
  return (tree: Root) => {
    walk(tree, (el) => {
      const p: Properties = el.properties ?? {};
      for (const key of ['id', 'name'] as const) {
        if (typeof p[key] === 'string' && p[key]) p[key] = pre(p[key] as string);
      }
      for (const key of ['ariaDescribedBy', 'ariaLabelledBy'] as const) {
        const v = p[key];
        if (Array.isArray(v)) p[key] = v.map((x) => pre(String(x)));
        else if (typeof v === 'string') p[key] = (v as string).split(/\s+/).filter(Boolean).map(pre);
      }
      if (el.tagName === 'a' && typeof p.href === 'string' && p.href.startsWith('#') && p.href.length > 1) {
        let frag = p.href.slice(1);
        try {
          frag = decodeURIComponent(frag);
        } catch {
          // keep as written
        }
        p.href = `#${pre(frag)}`;
      }
    });
  };
}

/**
 * An `<img>` from another site would tell it who reads the lesson (and CSP would block it
 * anyway): unless its host is allowed, it becomes a link the reader may follow.
 */
function blockExternalImages() {
  return (tree: Root) => {
    const allowed = new Set(lessonImageHosts());
    const replace = (parent: Root | Element) => {
      parent.children = parent.children.map((child) => {
        if (child.type !== 'element') return child;
        if (child.tagName === 'img' && typeof child.properties?.src === 'string') {
          const host = externalHost(child.properties.src);
          if (host && !allowed.has(host)) {
            const alt = typeof child.properties.alt === 'string' && child.properties.alt ? child.properties.alt : 'image';
            return {
              type: 'element',
              tagName: 'a',
              properties: { href: child.properties.src, className: ['lesson-image-blocked'], rel: ['nofollow', 'noopener', 'noreferrer'] },
              children: [{ type: 'text', value: `${alt} (external image from ${host}, not loaded)` }],
            } satisfies Element;
          }
        }
        replace(child);
        return child;
      }) as typeof parent.children;
    };
    replace(tree);
  };
}

/** The lower-case host of an absolute or protocol-relative URL; undefined for same-site paths. */
export function externalHost(src: string): string | undefined {
  if (!/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(src.trim())) return undefined;
  try {
    return new URL(src.trim(), 'http://same.invalid').hostname.toLowerCase();
  } catch {
    return 'invalid';
  }
}

/** h2/h3 with their ids (set by rehype-slug, then prefixed) → tree.data.toc. */
function collectToc() {
  return (tree: Root) => {
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
    tree.data = { ...(tree.data ?? {}), toc } as Root['data'];
  };
}

function walk(node: Root | RootContent | ElementContent, visit: (el: Element) => void): void {
  if (node.type === 'element') visit(node);
  if ('children' in node) for (const child of node.children) walk(child, visit);
}

/**
 * Code blocks and tables scroll sideways on a narrow screen instead of widening the page; a box
 * that scrolls must take keyboard focus (WCAG 2.1.1, axe scrollable-region-focusable). So every
 * <pre> gets tabindex=0, and every <table> sits in the site's table box (a named, focusable region,
 * globals.css .table-wrap).
 */
function scrollableBlocks() {
  const visit = (parent: Root | Element) => {
    parent.children = parent.children.map((child) => {
      if (child.type !== 'element') return child;
      visit(child);
      if (child.tagName === 'pre') child.properties = { ...child.properties, tabIndex: 0 };
      if (child.tagName !== 'table') return child;
      return {
        type: 'element',
        tagName: 'div',
        properties: { className: ['table-wrap'], role: 'region', ariaLabel: 'Table', tabIndex: 0 },
        children: [child],
      } satisfies Element;
    }) as typeof parent.children;
  };
  return (tree: Root) => visit(tree);
}

/** Visible text of a hast node. */
export function textOf(node: Root | RootContent | ElementContent): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return node.children.map(textOf).join('');
  return '';
}
