'use client';

import { useEffect, useState } from 'react';
import type { MeResponse } from '@/app/api/me/route';

/**
 * The signed-in user and their lab progress, fetched once per page load from /api/me and shared by
 * every client component that asks (header, lab cards). Static pages stay the same for everyone;
 * only this small private JSON differs. `undefined` while loading.
 */
let pending: Promise<MeResponse> | null = null;

export function loadMe(): Promise<MeResponse> {
  pending ??= fetch('/api/me', { credentials: 'same-origin', cache: 'no-store' })
    .then((r) => (r.ok ? (r.json() as Promise<MeResponse>) : { user: null, labs: {} }))
    .catch(() => ({ user: null, labs: {} }));
  return pending;
}

/** Forget the cached answer (after signing out). */
export function resetMe(): void {
  pending = null;
}

export function useMe(): MeResponse | undefined {
  const [me, setMe] = useState<MeResponse | undefined>(undefined);
  useEffect(() => {
    let live = true;
    loadMe().then((m) => live && setMe(m));
    return () => {
      live = false;
    };
  }, []);
  return me;
}
