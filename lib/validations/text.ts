/**
 * Text that cannot be stored or is not text (pure): PostgreSQL's `text` cannot hold U+0000 (NUL), and
 * a lone UTF-16 surrogate (`"\ud800"` in JSON) is not a character at all. Both are refused with where
 * they are, instead of failing in the database as an error nobody can act on.
 */
export interface TextProblem {
  /** 1-based line and column of the first offending character. */
  line: number;
  column: number;
  message: string;
}

export function unstorableTextProblem(text: string): TextProblem | undefined {
  let index = text.indexOf('\u0000');
  let what = 'a NUL character (U+0000), which text cannot hold';
  {
    const m = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text);
    if (m && (index < 0 || m.index < index)) {
      index = m.index;
      what = 'a broken character (a lone UTF-16 surrogate): the text is not valid Unicode';
    }
  }
  if (index < 0) return undefined;
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return { line, column, message: `contains ${what} at line ${line}, column ${column}` };
}

/** C0 control characters and DEL (newlines and tabs included): not part of a one-line name. */
export const CONTROL_CHAR_RE = /[\u0000-\u001F\u007F]/;
