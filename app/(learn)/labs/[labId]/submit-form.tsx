'use client';

import '@/app/_components/zod-jitless'; // before anything that builds zod schemas
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_FILE_BYTES, fieldErrorsOf, submissionSchemaFor, utf8Bytes } from '@/lib/validations/submission';
import { CachePrediction, type PredictedBuildDef } from './cache-prediction';

const INDENT = '  ';

type FileState = { name: string; content: string };

export function SubmitForm({
  labId,
  submit,
  files: initial,
  prediction,
}: {
  labId: string;
  submit: string[];
  files: FileState[];
  /** The lab's builds and starter files, for the cache predictor (omitted: no prediction shown). */
  prediction?: { builds: PredictedBuildDef[]; starterFiles: { path: string; content: string }[] };
}) {
  const router = useRouter();
  const [files, setFiles] = useState<FileState[]>(initial);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);

  function setContent(name: string, content: string) {
    setFiles((prev) => prev.map((f) => (f.name === name ? { ...f, content } : f)));
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body = { files: Object.fromEntries(files.map((f) => [f.name, f.content])) };
    const check = submissionSchemaFor(submit).safeParse(body);
    if (!check.success) {
      setErrors(fieldErrorsOf(check.error));
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const res = await fetch(`/api/labs/${encodeURIComponent(labId)}/submissions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const data = (await res.json().catch(() => ({}))) as {
        id?: string;
        url?: string;
        error?: string;
        fieldErrors?: Record<string, string[]>;
      };
      if (res.status === 202 && data.url) {
        router.push(data.url);
        return; // stay busy while navigating
      }
      if (res.status === 401) {
        window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
        return;
      }
      setErrors(data.fieldErrors ?? { '': [data.error ?? `Submission failed (HTTP ${res.status}).`] });
    } catch {
      setErrors({ '': ['Could not reach the server; please try again.'] });
    }
    setBusy(false);
  }

  const formErrors = [...(errors[''] ?? []), ...(errors['files'] ?? [])];
  return (
    <form onSubmit={onSubmit} data-testid="submit-form">
      {files.map((f) => {
        const id = `file-${f.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
        const size = utf8Bytes(f.content);
        const fileErrors = errors[`files.${f.name}`] ?? [];
        return (
          <div className="editor" key={f.name}>
            <label htmlFor={id}>{f.name}</label>
            <CodeArea
              id={id}
              value={f.content}
              onChange={(v) => setContent(f.name, v)}
              invalid={fileErrors.length > 0}
              describedBy={[`${id}-hint`, ...fileErrors.map((_, i) => `${id}-error-${i}`)].join(' ')}
            />
            <span className="hint" id={`${id}-hint`}>
              Tab inserts spaces; press Esc, then Tab, to leave the editor. {(size / 1024).toFixed(1)} KB of{' '}
              {MAX_FILE_BYTES / 1024} KB.
            </span>
            {fileErrors.map((m, i) => (
              <p key={m} id={`${id}-error-${i}`} className="field-error" role="alert">
                {m}
              </p>
            ))}
          </div>
        );
      })}
      {prediction ? (
        <CachePrediction
          builds={prediction.builds}
          starterFiles={prediction.starterFiles}
          files={Object.fromEntries(files.map((f) => [f.name, f.content]))}
        />
      ) : null}
      {formErrors.map((m) => (
        <p key={m} className="error" role="alert">
          {m}
        </p>
      ))}
      <button className="button" type="submit" disabled={busy} data-testid="submit-button">
        {busy ? 'Submitting…' : 'Submit for grading'}
      </button>
    </form>
  );
}

/**
 * A monospace textarea where Tab indents (Shift+Tab outdents) instead of leaving the field; Esc
 * then Tab leaves it (the hint it is described by says so). Long lines scroll sideways.
 */
function CodeArea({
  id,
  value,
  onChange,
  invalid,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  invalid: boolean;
  /** Ids of the keyboard hint and the field's errors (aria-describedby). */
  describedBy: string;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const escaped = useRef(false);

  function replace(el: HTMLTextAreaElement, start: number, end: number, text: string, selStart: number, selEnd: number) {
    el.setRangeText(text, start, end);
    el.setSelectionRange(selStart, selEnd);
    onChange(el.value);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Escape') {
      escaped.current = true;
      return;
    }
    if (e.key !== 'Tab' || e.ctrlKey || e.metaKey || e.altKey) {
      escaped.current = false;
      return;
    }
    if (escaped.current) {
      escaped.current = false; // let Tab move focus
      return;
    }
    e.preventDefault();
    const el = e.currentTarget;
    const { selectionStart: s, selectionEnd: t, value: v } = el;
    const lineStart = v.lastIndexOf('\n', s - 1) + 1;
    const multiLine = v.slice(s, t).includes('\n');
    if (!e.shiftKey && !multiLine) {
      replace(el, s, t, INDENT, s + INDENT.length, s + INDENT.length);
      return;
    }
    // Indent or outdent every selected line.
    const block = v.slice(lineStart, t);
    const lines = block.split('\n');
    let firstDelta = 0;
    const changed = lines.map((line, i) => {
      if (!e.shiftKey) {
        if (i === 0) firstDelta = INDENT.length;
        return INDENT + line;
      }
      const remove = line.startsWith(INDENT) ? INDENT.length : line.startsWith(' ') || line.startsWith('\t') ? 1 : 0;
      if (i === 0) firstDelta = -remove;
      return line.slice(remove);
    });
    const text = changed.join('\n');
    const newStart = Math.max(lineStart, s + firstDelta);
    replace(el, lineStart, t, text, multiLine ? newStart : newStart, multiLine ? lineStart + text.length : newStart);
  }

  return (
    <textarea
      ref={ref}
      id={id}
      name={id}
      className="code"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={onKeyDown}
      spellCheck={false}
      autoCapitalize="off"
      autoComplete="off"
      autoCorrect="off"
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      rows={Math.min(30, Math.max(12, value.split('\n').length + 2))}
    />
  );
}
