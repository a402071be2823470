import { LessonDocumentError, normaliseSource, splitFrontMatter, type LessonIssue } from './frontmatter';
import { parseLessonDocumentSafely } from './parse-safely';
import { LessonRenderError, renderLesson, type TocEntry } from './render';
import type { LessonFormat } from './frontmatter';

export interface LessonPreview {
  /** Validation problems with their document lines (empty when the document would save). */
  issues: LessonIssue[];
  title: string | null;
  /** The body as the lesson page renders it (lib/content/render.ts), or null when it cannot render. */
  html: string | null;
  toc: TocEntry[];
  /** Why the body could not be rendered, when html is null. */
  renderError: string | null;
}

/**
 * The editor's live preview: validate the document like the upsert does, and render its body with
 * the lesson page's own renderer, so what the author sees is what readers will see. The body is
 * rendered even when the front matter has problems, so the author is never left without a preview.
 * Never throws for bad input.
 */
export async function previewLessonDocument(source: string): Promise<LessonPreview> {
  let issues: LessonIssue[] = [];
  let title: string | null = null;
  let body: string;
  let format: LessonFormat = 'md';
  try {
    const doc = parseLessonDocumentSafely(source);
    title = doc.frontMatter.title;
    body = doc.body;
    format = doc.format;
  } catch (err) {
    if (!(err instanceof LessonDocumentError)) throw err;
    issues = err.issues;
    try {
      body = splitFrontMatter(normaliseSource(source)).body;
    } catch {
      body = normaliseSource(source);
    }
  }
  try {
    // MDX components come out as their `ll-*` elements with their text (the page maps them to React).
    const rendered = await renderLesson(body, { format });
    return { issues, title, html: rendered.html, toc: rendered.toc, renderError: null };
  } catch (err) {
    const message = err instanceof LessonRenderError ? err.message : 'The body could not be rendered.';
    return { issues, title, html: null, toc: [], renderError: message };
  }
}
