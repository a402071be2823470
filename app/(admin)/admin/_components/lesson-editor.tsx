'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CodeEditor, type CodeEditorHandle, type EditorIssue } from './code-editor';
import { callApi } from './fetch-json';

interface Preview {
  issues: EditorIssue[];
  title: string | null;
  html: string | null;
  renderError: string | null;
}

interface Saved {
  status: 'created' | 'updated' | 'unchanged';
  slug: string;
  url: string;
  revision: number;
  lessonId: string;
}

/**
 * The lesson editor: the whole document (front matter + body) in CodeMirror, a live preview from
 * POST /api/admin/lessons/preview (the lesson page's renderer), and Save through
 * POST /api/admin/lessons/save (the API's upsert). Problems are marked at their line in the editor
 * and listed below it; each entry jumps to its line.
 */
export function LessonEditor({ lessonId, initialSource, nonce }: { lessonId?: string; initialSource: string; nonce?: string }) {
  const router = useRouter();
  const editor = useRef<CodeEditorHandle>(null);
  const [source, setSource] = useState(initialSource);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [issues, setIssues] = useState<EditorIssue[]>([]);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string; url?: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const latest = useRef(0);

  const refreshPreview = useCallback(async (text: string) => {
    const ticket = ++latest.current;
    const res = await callApi<Preview>('/api/admin/lessons/preview', { json: { source: text } });
    if (ticket !== latest.current) return; // a newer keystroke already asked again
    if (res.ok) {
      setPreview(res.data);
      setIssues(res.data.issues);
    } else {
      setPreview({ issues: [], title: null, html: null, renderError: res.data.error ?? 'The preview failed.' });
    }
  }, []);

  useEffect(() => {
    const t = setTimeout(() => void refreshPreview(source), preview ? 400 : 0);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, refreshPreview]);

  async function save() {
    setSaving(true);
    setStatus(null);
    const res = await callApi<Saved>('/api/admin/lessons/save', { json: { source, ...(lessonId ? { lessonId } : {}) } });
    setSaving(false);
    if (!res.ok) {
      const found = res.data.issues ?? [];
      if (found.length) setIssues(found);
      setStatus({
        kind: 'error',
        text: found.length
          ? `Not saved: ${found.length} problem${found.length === 1 ? '' : 's'} in the document (marked in the editor).`
          : `Not saved: ${res.data.error ?? `the server answered ${res.status}`}`,
      });
      return;
    }
    const saved = res.data;
    const what = saved.status === 'unchanged' ? 'Nothing changed' : `Saved (${saved.status}), revision ${saved.revision}`;
    setStatus({ kind: 'ok', text: `${what}.`, url: saved.url });
    if (!lessonId) router.replace(`/admin/lessons/${saved.lessonId}`);
    else router.refresh();
  }

  return (
    <div className="studio-editor">
      <div className="studio-editor__source">
        <CodeEditor ref={editor} initialValue={initialSource} onChange={setSource} issues={issues} label="Lesson document (front matter and body)" nonce={nonce} onSave={() => void save()} />
        <div className="studio-editor__bar">
          <button type="button" className="button" onClick={() => void save()} disabled={saving} aria-keyshortcuts="Control+S Meta+S" title="Save (Ctrl+S)">
            {saving ? 'Saving…' : 'Save'}
          </button>
          <span role="status" aria-live="polite" data-testid="save-status" className={status?.kind === 'error' ? 'error-text' : 'muted'}>
            {status?.text}{' '}
            {status?.url && (
              <Link href={status.url} data-testid="public-link">
                View the lesson
              </Link>
            )}
          </span>
        </div>
        {issues.length > 0 && (
          <div className="error" role="alert">
            <strong>{issues.length === 1 ? 'One problem' : `${issues.length} problems`} in the document:</strong>
            <ul data-testid="editor-issues">
              {issues.map((i, n) => (
                <li key={n}>
                  <button type="button" className="linklike" onClick={() => editor.current?.goToLine(i.line)}>
                    Line {i.line}
                  </button>
                  : {i.field ? <code>{i.field}</code> : null} {i.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <section className="studio-editor__preview lesson-page" aria-label="Preview">
        <p className="muted studio-editor__preview-label">Preview</p>
        <article className="lesson" data-testid="lesson-preview">
          {preview?.title && <h1>{preview.title}</h1>}
          {preview?.renderError && <p className="error">{preview.renderError}</p>}
          {preview?.html != null && <div className="lesson-body prose" dangerouslySetInnerHTML={{ __html: preview.html }} />}
          {!preview && <p className="muted">Rendering…</p>}
        </article>
      </section>
    </div>
  );
}
