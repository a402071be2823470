'use client';

import { useState } from 'react';

/** A one-time link shown once, with a copy button. `path` is site-relative; the box shows it absolute. */
export function LinkBox({ path, expiresAt, label }: { path: string; expiresAt: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const url = typeof window === 'undefined' ? path : `${window.location.origin}${path}`;
  return (
    <div className="note" data-testid="one-time-link">
      <p>
        <strong>{label}</strong> — shown only now; it works once, until {new Date(expiresAt).toLocaleString()}.
      </p>
      <input type="text" readOnly value={url} aria-label={label} style={{ width: '100%' }} onFocus={(e) => e.currentTarget.select()} />
      <button
        type="button"
        className="button button--small"
        onClick={async () => {
          await navigator.clipboard?.writeText(url).catch(() => {});
          setCopied(true);
        }}
      >
        {copied ? 'Copied' : 'Copy link'}
      </button>
    </div>
  );
}
