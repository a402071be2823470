'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { resetMe } from './use-me';

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button button--small button--ghost"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await signOut({ redirect: false });
        resetMe();
        // A full load so the server layouts render for the anonymous visitor.
        window.location.assign('/');
      }}
    >
      Sign out
    </button>
  );
}
