'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from './fetch-json';

/** Delete (soft) or restore a lesson; the page re-renders with the new state. */
export function LessonDeleteToggle({ lessonId, deleted, title }: { lessonId: string; deleted: boolean; title: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function toggle() {
    if (!deleted && !window.confirm(`Delete "${title}"? It disappears from the site and can be restored here.`)) return;
    setBusy(true);
    setError(null);
    const res = deleted
      ? await callApi(`/api/admin/lessons/${encodeURIComponent(lessonId)}/restore`)
      : await callApi(`/api/admin/lessons/${encodeURIComponent(lessonId)}`, { method: 'DELETE' });
    setBusy(false);
    if (!res.ok) setError(res.data.error ?? `Failed (${res.status}).`);
    else router.refresh();
  }
  return (
    <>
      <button type="button" className={`button button--small${deleted ? '' : ' button--ghost'}`} disabled={busy} onClick={() => void toggle()}>
        {deleted ? 'Restore lesson' : 'Delete lesson'}
      </button>
      {error && <span className="error-text" role="alert"> {error}</span>}
    </>
  );
}

/** Make an old revision current again (writes a new revision). */
export function RestoreRevisionButton({ lessonId, revision }: { lessonId: string; revision: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  async function restore() {
    setBusy(true);
    const res = await callApi<{ status: string; revision: number }>(
      `/api/admin/lessons/${encodeURIComponent(lessonId)}/revisions/${revision}/restore`,
    );
    setBusy(false);
    if (!res.ok) setMessage(res.data.error ?? `Failed (${res.status}).`);
    else {
      setMessage(res.data.status === 'unchanged' ? 'Already current.' : `Restored as revision ${res.data.revision}.`);
      router.refresh();
    }
  }
  return (
    <>
      <button type="button" className="button button--small button--ghost" disabled={busy} onClick={() => void restore()}>
        Restore revision {revision}
      </button>
      {message && <span role="status"> {message}</span>}
    </>
  );
}
