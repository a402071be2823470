'use client';

import { useState } from 'react';
import { NewPasswordField, RepeatPasswordField, usePasswordForm } from '../../_components/account/password-fields';

/** Choose a password with a one-time link. */
export function ResetPasswordForm({ token }: { token: string }) {
  const [done, setDone] = useState(false);
  const form = usePasswordForm('/api/reset-password', 'password', (f) => ({ token, password: f.get('password') }), () => setDone(true));
  if (done) {
    return (
      <p role="status" data-testid="password-set">
        Your password is set. <a href="/login">Sign in</a> with it.
      </p>
    );
  }
  return (
    <form className="form" onSubmit={form.onSubmit} aria-label="Choose a password">
      <NewPasswordField name="password" label="New password" />
      <RepeatPasswordField label="New password again" />
      {form.errorLine}
      <button className="button" type="submit" disabled={form.busy}>
        Set password
      </button>
    </form>
  );
}
