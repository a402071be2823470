'use client';

import { defaultHighlightStyle, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { markdown } from '@codemirror/lang-markdown';
import { yamlFrontmatter } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { keymap } from '@codemirror/view';
import { EditorView, basicSetup } from 'codemirror';
import { forwardRef, useEffect, useId, useImperativeHandle, useRef } from 'react';

/**
 * CodeMirror's default colours, with the three that fall below WCAG AA contrast (4.5:1) on the white
 * editor background darkened: #085 (tag and type names, 4.3:1), #e40 (escapes, 3.6:1), #f00
 * (invalid, 4.0:1). Configured explicitly, it replaces basicSetup's fallback highlighter.
 */
const DARKER: Record<string, string> = { '#085': '#006b43', '#e40': '#b33000', '#f00': '#c00' };
const accessibleHighlightStyle = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) => (typeof spec.color === 'string' && DARKER[spec.color] ? { ...spec, color: DARKER[spec.color] } : spec)),
);

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
 * searches, Ctrl/Cmd-S calls onSave. The editable area is labelled by `label` and described by a
 * visible hint that says so (screen readers read it when the editor takes focus).
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
  const hintId = useId();
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
        syntaxHighlighting(accessibleHighlightStyle),
        // The front matter highlighted as YAML, the rest as markdown.
        yamlFrontmatter({ content: markdown() }),
        // CodeMirror injects its styles at run time; under a CSP with nonces they need the page's nonce.
        ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
        lintGutter(),
        EditorView.lineWrapping,
        // tabindex: the scrolling box holds a focusable element (axe scrollable-region-focusable does not count contenteditable).
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-describedby': hintId, tabindex: '0', 'data-testid': 'lesson-source' }),
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

  return (
    <div>
      <div ref={host} className="code-editor" />
      <p className="hint" id={hintId}>
        Tab moves to the next control (it does not indent); Esc closes the search panel; Ctrl+F searches; Ctrl+S saves.
      </p>
    </div>
  );
});
