import { LessonDocumentError, parseLessonDocument, type LessonDocument } from './frontmatter';

/**
 * parseLessonDocument for the studio, where every failure of this pure parse is the document's
 * fault and must reach the author as a LessonDocumentError with a line, never as a 500/503: an
 * error the parser does not classify itself (e.g. the YAML library refusing an alias bomb with
 * "Excessive alias count") becomes one issue on the front matter's first line.
 */
export function parseLessonDocumentSafely(source: string): LessonDocument {
  try {
    return parseLessonDocument(source);
  } catch (err) {
    if (err instanceof LessonDocumentError) throw err;
    const reason = err instanceof Error ? err.message.split('\n')[0] : 'unreadable';
    throw new LessonDocumentError([{ field: '(front matter)', line: 1, message: `The front matter could not be read: ${reason}` }]);
  }
}
