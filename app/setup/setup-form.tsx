'use client';

import { useState, type FormEvent } from 'react';
import { NewPasswordField, postJson } from '../_components/account/password-fields';

/** The first admin's account: e-mail, name, password, and the setup token from the server log. */
export function SetupForm({ token }: { token: string }) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if (f.get('password') !== f.get('repeat')) return setError('The two passwords differ.');
    setBusy(true);
    setError(null);
    const res = await postJson('/api/setup', { token: f.get('token'), email: f.get('email'), name: f.get('name'), password: f.get('password') });
    setBusy(false);
    if (!res.ok) return setError(res.data.error ?? `Failed (${res.status}).`);
    setDone(res.data.email ?? '');
  }

  if (done !== null) {
    return (
      <p role="status">
        The admin account {done} is ready. <a href="/login">Sign in</a>.
      </p>
    );
  }
  return (
    <form className="form" onSubmit={submit} aria-label="First admin">
      <label>
        Setup token (printed in the server log at start)
        <input name="token" type="text" defaultValue={token} required autoComplete="off" />
      </label>
      <label>
        E-mail
        <input name="email" type="email" required autoComplete="username" />
      </label>
      <label>
        Name
        <input name="name" type="text" required maxLength={100} />
      </label>
      <NewPasswordField name="password" label="Password" />
      <label>
        Password again
        <input name="repeat" type="password" autoComplete="new-password" required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="button" type="submit" disabled={busy}>
        Create the admin account
      </button>
    </form>
  );
}
