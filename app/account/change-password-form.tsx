'use client';

import { useState, type FormEvent } from 'react';
import { NewPasswordField, postJson } from '../_components/account/password-fields';

/** Change your own password; afterwards every session ends (this one too) and you sign in again. */
export function ChangePasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if (f.get('newPassword') !== f.get('repeat')) return setError('The two new passwords differ.');
    setBusy(true);
    setError(null);
    const res = await postJson('/api/account/password', { currentPassword: f.get('currentPassword'), newPassword: f.get('newPassword') });
    setBusy(false);
    if (!res.ok) return setError(res.data.error ?? `Failed (${res.status}).`);
    window.location.assign('/login?changed=1');
  }

  return (
    <form className="form" onSubmit={submit} aria-label="Change password">
      <label>
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required />
      </label>
      <NewPasswordField />
      <label>
        New password again
        <input name="repeat" type="password" autoComplete="new-password" required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="button" type="submit" disabled={busy}>
        Change password
      </button>
    </form>
  );
}
