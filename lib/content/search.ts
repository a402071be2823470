import { db as defaultDb, type PrismaClient } from '../db/client';
import { lessonUrl } from './slug';

/**
 * Lesson search over titles, headings and bodies, in PostgreSQL with pg_trgm (trigram GIN indexes,
 * migration 20261129110000). Korean needs substring matching: words carry particles ("레이어를",
 * "레이어의"), which PostgreSQL's full-text parsers ('simple' included) keep inside one token, so
 * `to_tsquery('레이어')` misses them; `ILIKE '%레이어%'` finds them, and the trigram index serves
 * it for terms of three or more characters (shorter terms, e.g. two Hangul syllables, scan the
 * lessons table, which is small). Every term must occur (AND); ranking: title > headings > body,
 * then trigram word similarity of the whole query to the title.
 */

export interface SearchHit {
  slug: string;
  title: string;
  url: string;
  description: string;
  /** A piece of the text around the first match (plain text), or the description. */
  snippet: string;
  /** Where the best match is: 'title', 'heading' or 'body'. */
  matchedIn: 'title' | 'heading' | 'body';
}

export const MAX_QUERY_LENGTH = 100;
const MAX_TERMS = 8;

/** Whitespace-separated terms of a query, lower-cased and de-duplicated; empty terms dropped. */
export function searchTerms(query: string): string[] {
  const terms = query
    .normalize('NFC')
    .slice(0, MAX_QUERY_LENGTH)
    .toLowerCase()
    .split(/\s+/)
    .map((t) => t.trim())
    .filter(Boolean);
  return [...new Set(terms)].slice(0, MAX_TERMS);
}

/** `%term%` with LIKE's wildcards in the term escaped (the default escape is the backslash). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface Row {
  slug: string;
  title: string;
  description: string;
  body: string;
  headings: string;
  rank: number;
}

/** Lessons matching every term of `query`, best first (at most `limit`). Empty query → []. */
export async function searchLessons(query: string, opts: { limit?: number; client?: PrismaClient } = {}): Promise<SearchHit[]> {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  const client = opts.client ?? defaultDb;
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 50);
  const patterns = terms.map(likePattern);
  const whole = terms.join(' ');
  // One parameter array: every pattern must match title, headings or body.
  const rows = await client.$queryRaw<Row[]>`
    SELECT l.slug, l.title, l.description, l.body, l.headings,
      (SELECT count(*) FROM unnest(${patterns}::text[]) p WHERE l.title ILIKE p) * 4
      + (SELECT count(*) FROM unnest(${patterns}::text[]) p WHERE l.headings ILIKE p) * 2
      + (SELECT count(*) FROM unnest(${patterns}::text[]) p WHERE l.body ILIKE p)
      + word_similarity(${whole}, l.title) AS rank
    FROM "Lesson" l
    WHERE l."deletedAt" IS NULL -- a soft-deleted lesson is not public (admin studio)
      AND NOT EXISTS (
      SELECT 1 FROM unnest(${patterns}::text[]) p
      WHERE NOT (l.title ILIKE p OR l.headings ILIKE p OR l.body ILIKE p)
    )
    ORDER BY rank DESC, l.title ASC
    LIMIT ${limit}`;
  return rows.map((r) => toHit(r, terms));
}

function toHit(r: Row, terms: string[]): SearchHit {
  const lower = (s: string) => s.toLowerCase();
  const inTitle = terms.some((t) => lower(r.title).includes(t));
  const heading = r.headings.split('\n').find((h) => terms.some((t) => lower(h).includes(t)));
  const matchedIn = inTitle ? 'title' : heading ? 'heading' : 'body';
  const snippet = matchedIn === 'heading' && heading ? heading : snippetOf(plainText(r.body), terms) ?? r.description;
  return { slug: r.slug, title: r.title, url: lessonUrl(r.slug), description: r.description, snippet, matchedIn };
}

/** Markdown/MDX source → readable text for snippets (markup characters dropped, whitespace collapsed). */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n/g, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/[#>*_`|[\]]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** About `radius` characters either side of the first term found, with ellipses; undefined when none occurs. */
export function snippetOf(text: string, terms: string[], radius = 60): string | undefined {
  const lower = text.toLowerCase();
  let at = -1;
  for (const t of terms) {
    const i = lower.indexOf(t);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) return undefined;
  const start = Math.max(0, at - radius);
  const end = Math.min(text.length, at + radius);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
