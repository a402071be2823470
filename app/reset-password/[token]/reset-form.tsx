'use client';

import { useState, type FormEvent } from 'react';
import { NewPasswordField, postJson } from '../../_components/account/password-fields';

/** Choose a password with a one-time link. */
export function ResetPasswordForm({ token }: { token: string }) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if (f.get('password') !== f.get('repeat')) return setError('The two passwords differ.');
    setBusy(true);
    setError(null);
    const res = await postJson('/api/reset-password', { token, password: f.get('password') });
    setBusy(false);
    if (!res.ok) return setError(res.data.error ?? `Failed (${res.status}).`);
    setDone(true);
  }

  if (done) {
    return (
      <p role="status" data-testid="password-set">
        Your password is set. <a href="/login">Sign in</a> with it.
      </p>
    );
  }
  return (
    <form className="form" onSubmit={submit} aria-label="Choose a password">
      <NewPasswordField name="password" label="New password" />
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
        Set password
      </button>
    </form>
  );
}
