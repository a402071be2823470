'use client';

import { markdown } from '@codemirror/lang-markdown';
import { yamlFrontmatter } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { keymap } from '@codemirror/view';
import { EditorView, basicSetup } from 'codemirror';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

/** A problem to mark in the editor: 1-based line of the document and the message. */
export interface EditorIssue {
  line: number;
  field?: string;
  message: string;
}

export interface CodeEditorHandle {
  /** Put the cursor at the start of `line` (1-based), scroll it into view and focus the editor. */
  goToLine(line: number): void;
}

/**
 * CodeMirror 6 with markdown highlighting, line numbers and lint markers at the lines of `issues`.
 * Keyboard: all of CodeMirror's default keys; Tab is not captured (it moves focus), Ctrl/Cmd-F
 * searches, Ctrl/Cmd-S calls onSave.
 */
export const CodeEditor = forwardRef<CodeEditorHandle, {
  initialValue: string;
  onChange: (value: string) => void;
  issues: EditorIssue[];
  label: string;
  /** The request's CSP nonce, when the site sends a nonce-based Content-Security-Policy. */
  nonce?: string;
  /** Ctrl-S / Cmd-S. */
  onSave?: () => void;
}>(function CodeEditor({ initialValue, onChange, issues, label, nonce, onSave }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const onSaveRef = useRef(onSave);
  onSaveRef.current = onSave;

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      doc: initialValue,
      parent: host.current,
      extensions: [
        keymap.of([{ key: 'Mod-s', preventDefault: true, run: () => (onSaveRef.current?.(), true) }]),
        basicSetup,
        // The front matter highlighted as YAML, the rest as markdown.
        yamlFrontmatter({ content: markdown() }),
        // CodeMirror injects its styles at run time; under a CSP with nonces they need the page's nonce.
        ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
        lintGutter(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': 'lesson-source' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChangeRef.current(u.state.doc.toString());
        }),
      ],
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor owns its text after mount; initialValue only seeds it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const doc = v.state.doc;
    const diagnostics: Diagnostic[] = issues.map((i) => {
      const line = doc.line(Math.min(Math.max(1, i.line), doc.lines));
      return { from: line.from, to: line.to, severity: 'error', message: i.field ? `${i.field}: ${i.message}` : i.message };
    });
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [issues]);

  useImperativeHandle(ref, () => ({
    goToLine(n: number) {
      const v = view.current;
      if (!v) return;
      const line = v.state.doc.line(Math.min(Math.max(1, n), v.state.doc.lines));
      v.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
      v.focus();
    },
  }));

  return <div ref={host} className="code-editor" />;
});
