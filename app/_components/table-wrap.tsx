import type { ReactNode } from 'react';

/**
 * The box every data table sits in: it scrolls sideways when the table is wider than the screen
 * (the first column stays put: globals.css), and is a named, focusable region so keyboard users can
 * scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable). `long` caps its height so the
 * header row can stick while the rows scroll.
 */
export function TableWrap({ label, long, children }: { label: string; long?: boolean; children: ReactNode }) {
  return (
    <div className={long ? 'table-wrap table-wrap--long' : 'table-wrap'} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
