'use client';

import { useState, type FormEvent } from 'react';
import { callApi } from '../../_components/fetch-json';

/** Edit the site settings an admin controls. */
export function SettingsForm({ initial }: { initial: { signUpEnabled: boolean; sessionLifetimeHours: number } }) {
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    setSaved(false);
    const res = await callApi('/api/admin/settings', {
      method: 'PATCH',
      json: { signUpEnabled: f.get('signUpEnabled') === 'on', sessionLifetimeHours: Number(f.get('sessionLifetimeHours')) },
    });
    setBusy(false);
    if (!res.ok) return setError(res.data.error ?? `Failed (${res.status}).`);
    setSaved(true);
  }

  return (
    <form className="account-form" onSubmit={submit} aria-label="Site settings">
      <label style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
        <input type="checkbox" name="signUpEnabled" defaultChecked={initial.signUpEnabled} /> Students may sign up with a class join code
      </label>
      <label>
        Session lifetime (hours, 1–2160)
        <input type="number" name="sessionLifetimeHours" min={1} max={2160} step={1} required defaultValue={initial.sessionLifetimeHours} />
      </label>
      <p className="muted">A session ends this many hours after its sign-in, whatever the user does (a change applies to existing sessions too).</p>
      <div>
        <button className="button" type="submit" disabled={busy}>
          Save settings
        </button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {saved && <p role="status">Saved.</p>}
    </form>
  );
}
