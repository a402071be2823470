import type { ReactNode } from 'react';

/**
 * The MDX components without browser state (server components). Props arrive as the strings the
 * author wrote (validated at upsert by lib/content/mdx/validate.ts); children are rendered markdown.
 */

const CALLOUT_LABEL: Record<string, string> = { note: 'Note', tip: 'Tip', warning: 'Warning' };

/** <Callout type="note|tip|warning" title?>: an aside with a visible label. */
export function Callout({ type, title, children }: { type?: string; title?: string; children?: ReactNode }) {
  const kind = type && CALLOUT_LABEL[type] ? type : 'note';
  return (
    <aside className={`callout callout--${kind}`} role="note" data-testid="callout">
      <p className="callout__title">
        <span className="callout__kind">{CALLOUT_LABEL[kind]}</span>
        {title ? <span>: {title}</span> : null}
      </p>
      <div className="callout__body">{children}</div>
    </aside>
  );
}

/**
 * <LayerStack title?>: the box diagram of an image's layers as a real list (top layer first), so
 * screen readers announce "list, N items".
 */
export function LayerStack({ title, children }: { title?: string; children?: ReactNode }) {
  return (
    <figure className="layer-stack" data-testid="layer-stack">
      {title ? <figcaption className="layer-stack__title">{title}</figcaption> : null}
      <ol className="layer-stack__list" aria-label={title ? `${title}: layers, top first` : 'Layers, top first'}>
        {children}
      </ol>
    </figure>
  );
}

/** <Layer note?>: one box of the stack, with its note on the right like the seed's diagram. */
export function Layer({ note, children }: { note?: string; children?: ReactNode }) {
  return (
    <li className="layer-stack__layer">
      <span className="layer-stack__name">{children}</span>
      {note ? (
        <span className="layer-stack__note">
          <span aria-hidden="true">← </span>
          {note}
        </span>
      ) : null}
    </li>
  );
}

/** <Terminal command output?>: a command and its sample output (the `output` attribute, or the content). */
export function Terminal({ command, output, children }: { command?: string; output?: string; children?: ReactNode }) {
  return (
    <figure className="terminal" aria-label="Terminal" data-testid="terminal">
      <pre className="terminal__command" tabIndex={0}>
        <code>
          <span className="terminal__prompt" aria-hidden="true">
            ${' '}
          </span>
          {command}
        </code>
      </pre>
      {output ? (
        <pre className="terminal__output" tabIndex={0}>
          <code>{output}</code>
        </pre>
      ) : (
        // Scrolls sideways like a <pre>: focusable so a keyboard can scroll it.
        <div className="terminal__output" tabIndex={0}>
          {children}
        </div>
      )}
    </figure>
  );
}
