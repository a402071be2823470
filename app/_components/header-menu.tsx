'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/**
 * On a narrow screen the header's links, user slot and search fold behind a "Menu" button (a
 * disclosure: aria-expanded, aria-controls; Esc closes it and returns focus to the button; a
 * navigation closes it). The fold only starts once this component ran in the browser, so the
 * server-rendered header stays complete and usable without JavaScript. Wide screens never show
 * the button (site-header.css).
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const [ready, setReady] = useState(false);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();

  useEffect(() => setReady(true), []);
  useEffect(() => setOpen(false), [pathname]);

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape' && open) {
      setOpen(false);
      button.current?.focus();
    }
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        className="menu-button"
        hidden={!ready}
        aria-expanded={open}
        aria-controls="site-menu"
        onClick={() => setOpen((o) => !o)}
        onKeyDown={onKeyDown}
      >
        <span className="menu-button__icon" aria-hidden="true" />
        Menu
      </button>
      <div id="site-menu" className="site-menu" data-folded={ready && !open ? 'true' : undefined} onKeyDown={onKeyDown}>
        {children}
      </div>
    </>
  );
}
