'use client';

import { NewPasswordField, RepeatPasswordField, usePasswordForm } from '../_components/account/password-fields';

/** Change your own password; afterwards every session ends (this one too) and you sign in again. */
export function ChangePasswordForm() {
  const form = usePasswordForm(
    '/api/account/password',
    'newPassword',
    (f) => ({ currentPassword: f.get('currentPassword'), newPassword: f.get('newPassword') }),
    () => window.location.assign('/login?changed=1'),
  );
  return (
    <form className="form" onSubmit={form.onSubmit} aria-label="Change password">
      <label>
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required />
      </label>
      <NewPasswordField />
      <RepeatPasswordField label="New password again" />
      {form.errorLine}
      <button className="button" type="submit" disabled={form.busy}>
        Change password
      </button>
    </form>
  );
}
