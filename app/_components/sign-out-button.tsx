'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';

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
        // A full load so the server layouts render for the anonymous visitor.
        window.location.assign('/');
      }}
    >
      Sign out
    </button>
  );
}
