import { createHash } from 'node:crypto';
import { isAlias, isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { z } from 'zod';
import { unstorableTextProblem } from '../validations/text';
import { categoryPathSlugs, slugify } from './slug';
import { yamlPositionOf } from '../yaml/position';
import { mdxBodyIssues } from './mdx/validate';

/**
 * A lesson document is YAML front matter between two `---` lines, then a markdown body:
 *
 *     ---
 *     title: "3.4 도커 이미지와 이미지 레이어 이해하기"
 *     categoryPath: ["Docker", "3장 도커 이미지 만들기"]
 *     authorNick: "관리자"
 *     createdAt: "2025-08-27"
 *     updateMode: "upsert"
 *     slug: "docker-image-layers"   # optional: the lesson's stable key and URL
 *     format: "md"                  # optional: md (default) or mdx
 *     ---
 *     body…
 *
 * Pure: no I/O. Every problem becomes a LessonDocumentError listing {field, line, column?, message}
 * with the 1-based line in the whole document. The MDX body is checked separately (lib/content/mdx).
 */

export interface LessonIssue {
  /** `title`, `categoryPath[1]`, … or `(front matter)` / `(document)` for structural problems. */
  field: string;
  /** 1-based line in the document. */
  line: number;
  /** 1-based column, when the problem is at a known place inside the line (MDX body errors). */
  column?: number;
  message: string;
}

export class LessonDocumentError extends Error {
  readonly issues: LessonIssue[];
  constructor(issues: LessonIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : '';
    const at = first ? `line ${first.line}${first.column ? `, column ${first.column}` : ''}` : '';
    super(first ? `${at}: ${first.field}: ${first.message}${more}` : 'Invalid lesson document');
    this.name = 'LessonDocumentError';
    this.issues = issues;
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A slug as slugify() makes them: lower-case letters of any script (Hangul too), digits, single dashes inside. */
export function isLessonSlug(s: string): boolean {
  return s.length > 0 && slugify(s) === s;
}
export const ALLOWED_FIELDS = ['title', 'categoryPath', 'authorNick', 'createdAt', 'updateMode', 'slug', 'format'] as const;
const OPTIONAL_FIELDS = new Set<string>(['slug', 'format']);

/** The body formats; `md` (plain markdown with sanitised raw HTML) when front matter says nothing. */
export const LESSON_FORMATS = ['md', 'mdx'] as const;
export type LessonFormat = (typeof LESSON_FORMATS)[number];
export const DEFAULT_LESSON_FORMAT: LessonFormat = 'md';

/**
 * Invisible characters that change how text reads without being seen: bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069, LRM/RLM/ALM) — the "Trojan Source" trick —
 * and zero-width characters (U+200B–U+200D, U+2060, U+FEFF). A title with them can look identical to
 * another lesson's title, so names shown to readers refuse them.
 */
export const INVISIBLE_CHAR_RE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF]/u;

function invisibleCharMessage(s: string): string | undefined {
  const m = INVISIBLE_CHAR_RE.exec(s);
  if (!m) return undefined;
  const code = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `contains an invisible bidirectional or zero-width character (U+${code} at character ${m.index + 1}); remove it`;
}

/** A display name: trimmed, non-empty, at most `max` characters, no invisible control characters. */
const displayName = (max: number, expected = 'a non-empty string') =>
  z
    .string({ error: typeMessage(expected) })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine((s, ctx) => {
      const msg = invisibleCharMessage(s);
      if (msg) ctx.addIssue({ code: 'custom', message: msg });
    });

function isRealDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const typeMessage = (expected: string) => (iss: { input?: unknown }) =>
  iss.input === undefined || iss.input === null ? `is required (${expected})` : `must be ${expected}`;

const dateField = z
  .union(
    [
      z.date().transform((d) => d.toISOString().slice(0, 10)),
      z.string().trim(),
    ],
    { error: typeMessage('a date written as YYYY-MM-DD, e.g. "2025-08-27"') },
  )
  .refine(isRealDate, { message: 'must be a real date written as YYYY-MM-DD, e.g. "2025-08-27"' });

export const LessonFrontMatterSchema = z.strictObject(
  {
    title: displayName(200)
      .describe('Lesson title, shown as the page heading. Its slug is the lesson URL unless `slug` is given.'),
    categoryPath: z
      .array(
        displayName(200),
        { error: typeMessage('a list of category names, outermost first') },
      )
      .min(1, 'must name at least one category')
      .max(10, 'must have at most 10 levels')
      .describe('Category names from the outermost to the innermost; missing categories are created.'),
    authorNick: z
      .string({ error: typeMessage('a string') })
      .trim()
      .max(100, 'must be at most 100 characters')
      .refine((s) => !INVISIBLE_CHAR_RE.test(s), { message: 'contains an invisible bidirectional or zero-width character; remove it' })
      .describe("The author's nickname as shown on the page."),
    createdAt: dateField.describe('Date the lesson was written, YYYY-MM-DD; kept as written.'),
    updateMode: z
      .literal('upsert', { error: 'must be "upsert" (the only supported mode)' })
      .describe('How a document with an existing slug is applied: "upsert" updates it in place.'),
    slug: z
      .string({ error: typeMessage('a string') })
      .refine(isLessonSlug, 'must be lower-case letters (any script), digits and single dashes, e.g. "docker-layers" or "도커-레이어"')
      .max(200, 'must be at most 200 characters')
      .optional()
      .describe(
        "Optional stable key and URL slug. A document with a slug updates the lesson with that slug; without one the key is the title's slug, and a different title with the same slug is refused (409).",
      ),
    format: z
      .enum(LESSON_FORMATS, { error: 'must be "md" (plain markdown, the default) or "mdx"' })
      .default(DEFAULT_LESSON_FORMAT)
      .describe('Body format: "md" (markdown, raw HTML sanitised; the default) or "mdx" (markdown with the allowed components, no JavaScript).'),
  },
  {
    error: (iss) =>
      iss.code === 'invalid_type' ? 'The front matter must be a YAML mapping of fields (key: value).' : undefined,
  },
);

export type LessonFrontMatter = z.output<typeof LessonFrontMatterSchema>;

export interface LessonDocument {
  frontMatter: LessonFrontMatter;
  /** Lesson slug and stable key: front matter `slug`, else the slug of the title. */
  slug: string;
  /** True when the slug was written in front matter (an explicit claim on that lesson). */
  slugExplicit: boolean;
  /** `md` or `mdx` (front matter `format`, default md). */
  format: LessonFormat;
  /** Category path slugs, outermost first (joined by '/' it is Category.path of the innermost). */
  categorySlugs: string[];
  /** The markdown after the closing `---`. */
  body: string;
  /** 1-based document line where the body starts. */
  bodyStartLine: number;
  /** The normalised source (see normaliseSource). */
  source: string;
  /** sha256 hex of the normalised source. */
  contentHash: string;
}

/** BOM dropped, CRLF/CR → LF, trailing whitespace at the end of the file trimmed. */
export function normaliseSource(source: string): string {
  return source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/\s+$/u, '');
}

export function contentHashOf(source: string): string {
  return createHash('sha256').update(normaliseSource(source), 'utf8').digest('hex');
}

export interface FrontMatterSplit {
  yaml: string;
  /** 1-based document line of the first YAML line (the line after the opening `---`). */
  yamlStartLine: number;
  body: string;
  bodyStartLine: number;
}

const FENCE_RE = /^---[ \t]*$/;
const CLOSE_RE = /^(?:---|\.\.\.)[ \t]*$/;
const ALLOWED_TEXT = ALLOWED_FIELDS.map((f) => (OPTIONAL_FIELDS.has(f) ? `${f} (optional)` : f)).join(', ');

/** Split `---` front matter from the body of a normalised document. Throws LessonDocumentError. */
export function splitFrontMatter(normalised: string): FrontMatterSplit {
  const lines = normalised.split('\n');
  if (normalised.trim() === '') {
    throw new LessonDocumentError([{ field: '(document)', line: 1, message: 'The document is empty.' }]);
  }
  if (!FENCE_RE.test(lines[0])) {
    throw new LessonDocumentError([
      {
        field: '(front matter)',
        line: 1,
        message: `The document must start with front matter: a line "---", the fields (${ALLOWED_TEXT}), then a closing "---".`,
      },
    ]);
  }
  const close = lines.findIndex((l, i) => i > 0 && CLOSE_RE.test(l));
  if (close < 0) {
    throw new LessonDocumentError([
      {
        field: '(front matter)',
        line: 1,
        message: 'The front matter opened by "---" on line 1 is never closed: add a line "---" after the last field.',
      },
    ]);
  }
  return {
    yaml: lines.slice(1, close).join('\n'),
    yamlStartLine: 2,
    body: lines.slice(close + 1).join('\n'),
    bodyStartLine: close + 2,
  };
}

/**
 * Parse and validate a lesson document: front matter, and for `format: mdx` the body's MDX syntax and
 * component allowlist (lines/columns in the whole document). Lab ids in `<Lab id>` are checked by the
 * upsert (they need the lab list). Throws LessonDocumentError listing every problem found.
 */
export function parseLessonDocument(source: string): LessonDocument {
  const unstorable = unstorableTextProblem(source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  if (unstorable) {
    throw new LessonDocumentError([{ field: '(document)', line: unstorable.line, column: unstorable.column, message: `The document ${unstorable.message}.` }]);
  }
  const normalised = normaliseSource(source);
  const split = splitFrontMatter(normalised);
  const docLine = (yamlLine: number) => split.yamlStartLine + yamlLine - 1;

  const lineCounter = new LineCounter();
  const doc = parseDocument(split.yaml, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new LessonDocumentError(
      doc.errors.map((e) => ({
        field: '(front matter)',
        line: docLine(e.linePos?.[0]?.line ?? 1),
        message: `YAML syntax error: ${firstLine(e.message)}`,
      })),
    );
  }
  if (split.yaml.trim() === '' || doc.contents === null) {
    throw new LessonDocumentError([
      { field: '(front matter)', line: 1, message: `The front matter is empty; it needs the fields ${ALLOWED_TEXT}.` },
    ]);
  }

  let data: unknown;
  try {
    // The yaml package refuses to expand more aliases than this (a "billion laughs" document
    // otherwise takes the server's memory): answer the author, not the monitoring.
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof ReferenceError || (err instanceof Error && /alias/i.test(err.message))) {
      throw new LessonDocumentError([
        {
          field: '(front matter)',
          line: docLine(firstAliasLine(doc, lineCounter) ?? 1),
          message: `The front matter expands YAML aliases (*name) more than ${MAX_ALIAS_COUNT} times, which looks like an alias bomb; write the values out instead of repeating aliases.`,
        },
      ]);
    }
    throw err;
  }
  const parsed = LessonFrontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const issues: LessonIssue[] = [];
    for (const iss of parsed.error.issues) {
      if (iss.code === 'unrecognized_keys') {
        for (const key of iss.keys) {
          const pos = positionOf(doc, lineCounter, [...iss.path, key]);
          issues.push({
            field: formatPath([...iss.path, key]),
            line: pos ? docLine(pos) : 1,
            message: `Unknown field "${key}". Allowed fields: ${ALLOWED_TEXT}.`,
          });
        }
        continue;
      }
      const missing = iss.path.length === 1 && !hasKey(doc, String(iss.path[0]));
      const pos = positionOf(doc, lineCounter, iss.path);
      issues.push({
        field: iss.path.length ? formatPath(iss.path) : '(front matter)',
        // A missing field has no line of its own: point at the opening '---'.
        line: missing || !pos ? 1 : docLine(pos),
        message: missing ? `Missing required field "${String(iss.path[0])}": ${iss.message}` : iss.message,
      });
    }
    issues.sort((a, b) => a.line - b.line);
    throw new LessonDocumentError(issues);
  }

  const fm = parsed.data;
  const slug = fm.slug ?? slugify(fm.title);
  const categorySlugs = categoryPathSlugs(fm.categoryPath);
  const issues: LessonIssue[] = [];
  if (!slug) {
    issues.push({
      field: 'title',
      line: docLine(positionOf(doc, lineCounter, ['title']) ?? 1),
      message: 'The title has no letters or digits to make a URL slug from; add a `slug` field.',
    });
  }
  categorySlugs.forEach((s, i) => {
    if (!s) {
      issues.push({
        field: `categoryPath[${i}]`,
        line: docLine(positionOf(doc, lineCounter, ['categoryPath', i]) ?? 1),
        message: 'A category name needs at least one letter or digit.',
      });
    }
  });
  if (issues.length) throw new LessonDocumentError(issues);

  if (fm.format === 'mdx') {
    // Components outside the allowlist and any JavaScript are refused here, before anything is stored.
    const bodyIssues = mdxBodyIssues(split.body).map((i) => ({
      field: '(body)',
      line: split.bodyStartLine + i.line - 1,
      column: i.column,
      message: i.message,
    }));
    if (bodyIssues.length) throw new LessonDocumentError(bodyIssues);
  }

  return {
    frontMatter: fm,
    slug,
    slugExplicit: fm.slug !== undefined,
    format: fm.format,
    categorySlugs,
    body: split.body,
    bodyStartLine: split.bodyStartLine,
    source: normalised,
    contentHash: createHash('sha256').update(normalised, 'utf8').digest('hex'),
  };
}

/** yaml's own default; front matter needs no aliases at all, but a few are harmless. */
const MAX_ALIAS_COUNT = 100;

/** 1-based YAML line of the first alias (`*name`) in the document. */
function firstAliasLine(doc: Document, lc: LineCounter): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) {
        offset = node.range[0];
        return visit.BREAK;
      }
    },
  });
  return offset === undefined ? undefined : lc.linePos(offset).line;
}

/** The yaml package's message without its code excerpt and its YAML-relative position. */
function firstLine(s: string): string {
  return s.split('\n')[0].replace(/\s*at line \d+, column \d+:?\s*$/, '').trim();
}

function hasKey(doc: Document, key: string): boolean {
  const root = doc.contents;
  return isMap(root) && root.items.some((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === key);
}

export function formatPath(p: readonly PropertyKey[]): string {
  let s = '';
  for (const seg of p) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s ? `.${String(seg)}` : String(seg);
  }
  return s;
}

/** 1-based YAML line of the node at `p`, or of the deepest existing ancestor. */
function positionOf(doc: Document, lc: LineCounter, p: readonly PropertyKey[]): number | undefined {
  return yamlPositionOf(doc, lc, p)?.line;
}
