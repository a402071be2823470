'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/**
 * POSTs `{}` to a regrade route and shows its answer (the server decides who may and what is
 * queued); refreshes the page so new REGRADE rows appear.
 */
export function RegradeButton({ url, label, testId, disabled = false }: { url: string; label: string; testId?: string; disabled?: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setMessage(null);
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const body = (await res.json().catch(() => ({}))) as { error?: string; queued?: number; upToDate?: number; alreadyWaiting?: number; url?: string };
      if (!res.ok) setMessage(body.error ?? `The regrade was refused (HTTP ${res.status}).`);
      else if (typeof body.queued === 'number') setMessage(`Queued ${body.queued} regrade${body.queued === 1 ? '' : 's'} (${body.upToDate ?? 0} up to date, ${body.alreadyWaiting ?? 0} already waiting).`);
      else setMessage('Regrade queued.');
      router.refresh();
    } catch {
      setMessage('The server could not be reached; try again.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="regrade">
      <button type="button" className="button button--small" onClick={run} disabled={busy || disabled} data-testid={testId}>
        {busy ? 'Queuing…' : label}
      </button>
      {message ? <span role="status" className="muted"> {message}</span> : null}
    </span>
  );
}
