'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { callApi } from '../../_components/fetch-json';
import { LinkBox } from './link-box';

/** Create one account (no password yet); shows its one-time set-password link. */
export function CreateAccountForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<{ path: string; expiresAt: string; email: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setBusy(true);
    setError(null);
    const res = await callApi<{ account: { email: string }; link: { path: string; expiresAt: string } }>('/api/admin/users', {
      json: { email: f.get('email'), name: f.get('name'), role: f.get('role') },
    });
    setBusy(false);
    if (!res.ok) return setError(res.data.error ?? `Failed (${res.status}).`);
    setLink({ ...res.data.link, email: res.data.account.email });
    form.reset();
    router.refresh();
  }

  return (
    <div>
      <form className="studio-inline-form" onSubmit={submit} aria-label="New account">
        <label>
          E-mail <input name="email" type="email" required maxLength={320} />
        </label>
        <label>
          Name <input name="name" type="text" required maxLength={100} />
        </label>
        <label>
          Role{' '}
          <select name="role" defaultValue="STUDENT">
            <option value="STUDENT">student</option>
            <option value="TEACHER">teacher</option>
            <option value="ADMIN">admin</option>
          </select>
        </label>
        <button className="button button--small" type="submit" disabled={busy}>
          Create account
        </button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {link && <LinkBox path={link.path} expiresAt={link.expiresAt} label={`Set-password link for ${link.email}`} />}
    </div>
  );
}
