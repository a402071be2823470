'use client';

import { useState } from 'react';
import { NewPasswordField, RepeatPasswordField, usePasswordForm } from '../_components/account/password-fields';

/** The first admin's account: e-mail, name, password, and the setup token from the server log. */
export function SetupForm({ token }: { token: string }) {
  const [done, setDone] = useState<string | null>(null);
  const form = usePasswordForm(
    '/api/setup',
    'password',
    (f) => ({ token: f.get('token'), email: f.get('email'), name: f.get('name'), password: f.get('password') }),
    (data) => setDone(data.email ?? ''),
  );
  if (done !== null) {
    return (
      <p role="status">
        The admin account {done} is ready. <a href="/login">Sign in</a>.
      </p>
    );
  }
  return (
    <form className="form" onSubmit={form.onSubmit} aria-label="First admin">
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
      <RepeatPasswordField label="Password again" />
      {form.errorLine}
      <button className="button" type="submit" disabled={form.busy}>
        Create the admin account
      </button>
    </form>
  );
}
