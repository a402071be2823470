import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/lib/auth/session';
import { MAX_QUERY_LENGTH, searchLessons, type SearchHit } from '@/lib/content/search';
import { readingRequiresSignIn } from '@/lib/env';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Search', robots: { index: false } };

type Props = { searchParams: Promise<{ q?: string | string[] }> };

const WHERE: Record<SearchHit['matchedIn'], string> = { title: 'title', heading: 'heading', body: 'text' };

/** GET /search?q=… — lessons by title, headings and text (Korean and English; lib/content/search.ts). */
export default async function SearchPage(props: Props) {
  const raw = (await props.searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw ?? '').slice(0, MAX_QUERY_LENGTH);
  if (readingRequiresSignIn()) await requireUser(undefined, `/search${q ? `?q=${encodeURIComponent(q)}` : ''}`);
  let hits: SearchHit[] = [];
  let failed = false;
  if (q.trim()) {
    try {
      hits = await searchLessons(q);
    } catch (err) {
      console.error('Lesson search failed', err);
      failed = true;
    }
  }
  return (
    <section className="search-page">
      <h1>Search lessons</h1>
      <form action="/search" method="get" role="search" className="search-page__form">
        <label htmlFor="search-q">Words to find</label>
        <input id="search-q" type="search" name="q" defaultValue={q} maxLength={MAX_QUERY_LENGTH} />
        <button className="button" type="submit">
          Search
        </button>
      </form>
      {failed ? (
        <p className="error" role="alert">
          Search is unavailable right now; please try again.
        </p>
      ) : q.trim() ? (
        hits.length === 0 ? (
          <p className="empty">No lesson mentions “{q}”.</p>
        ) : (
          <ol className="search-results" data-testid="search-results">
            {hits.map((h) => (
              <li key={h.slug}>
                <Link href={h.url}>
                  <strong>{h.title}</strong>
                </Link>
                <p className="muted">
                  <small>found in the {WHERE[h.matchedIn]}</small> · {h.snippet}
                </p>
              </li>
            ))}
          </ol>
        )
      ) : null}
    </section>
  );
}
