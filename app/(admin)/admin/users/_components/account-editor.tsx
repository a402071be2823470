'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { callApi } from '../../_components/fetch-json';
import { LinkBox } from './link-box';

interface Account {
  id: string;
  email: string;
  name: string;
  role: 'STUDENT' | 'TEACHER' | 'ADMIN';
  disabled: boolean;
}

/** Edit an account's name, e-mail and role; disable or enable it; make a password-reset link. */
export function AccountEditor({ account, self }: { account: Account; self: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [link, setLink] = useState<{ path: string; expiresAt: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function patch(body: Record<string, unknown>, done: string) {
    setBusy(true);
    setError(null);
    setSaved(null);
    const res = await callApi(`/api/admin/users/${account.id}`, { method: 'PATCH', json: body });
    setBusy(false);
    if (!res.ok) return setError(res.data.error ?? `Failed (${res.status}).`);
    setSaved(done);
    router.refresh();
  }

  function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void patch({ email: f.get('email'), name: f.get('name'), role: f.get('role') }, 'Saved.');
  }

  async function resetLink() {
    setBusy(true);
    setError(null);
    const res = await callApi<{ path: string; expiresAt: string }>(`/api/admin/users/${account.id}/reset-link`);
    setBusy(false);
    if (!res.ok) return setError(res.data.error ?? `Failed (${res.status}).`);
    setLink(res.data);
  }

  return (
    <div>
      <form className="account-form" onSubmit={save} aria-label="Account">
        <label>
          Name <input name="name" type="text" defaultValue={account.name} required maxLength={100} />
        </label>
        <label>
          E-mail <input name="email" type="email" defaultValue={account.email} required maxLength={320} />
        </label>
        <label>
          Role
          <select name="role" defaultValue={account.role} disabled={self}>
            <option value="STUDENT">student</option>
            <option value="TEACHER">teacher</option>
            <option value="ADMIN">admin</option>
          </select>
        </label>
        {self && <input type="hidden" name="role" value={account.role} />}
        <div>
          <button className="button" type="submit" disabled={busy}>
            Save
          </button>
        </div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {saved && <p role="status">{saved}</p>}

      <h2>Access</h2>
      <p>
        Status: <strong data-testid="account-status">{account.disabled ? 'disabled' : 'enabled'}</strong>
      </p>
      {!self && (
        <button
          type="button"
          className="button button--ghost"
          disabled={busy}
          onClick={() => void patch({ disabled: !account.disabled }, account.disabled ? 'Enabled.' : 'Disabled: every session of this account has ended.')}
        >
          {account.disabled ? 'Enable account' : 'Disable account'}
        </button>
      )}
      {!account.disabled && (
        <p>
          <button type="button" className="button button--ghost" disabled={busy} onClick={() => void resetLink()}>
            Make a password-reset link
          </button>{' '}
          <span className="muted">A new link replaces an earlier unused one.</span>
        </p>
      )}
      {link && <LinkBox path={link.path} expiresAt={link.expiresAt} label={`Password-reset link for ${account.email}`} />}
    </div>
  );
}
