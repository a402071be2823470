'use client';

import { useState, type FormEvent } from 'react';

/** The new-password input with the policy's rules spelled out (lib/auth/password-policy.ts). */
export function NewPasswordField({ name = 'newPassword', label = 'New password' }: { name?: string; label?: string }) {
  const hint = `${name}-rules`;
  return (
    <>
      <label>
        {label}
        <input name={name} type="password" autoComplete="new-password" required minLength={10} maxLength={200} aria-describedby={hint} />
      </label>
      <small id={hint} className="muted">
        At least 10 characters, not a common password, not your e-mail or name. A passphrase of a few words works well.
      </small>
    </>
  );
}

/** The "… again" input that must repeat the new password (checked by usePasswordForm). */
export function RepeatPasswordField({ label }: { label: string }) {
  return (
    <label>
      {label}
      <input name="repeat" type="password" autoComplete="new-password" required />
    </label>
  );
}

type Answer = { error?: string; field?: string; email?: string };

/** POST JSON to a same-origin route; the answer's JSON and status. */
export async function postJson(url: string, body: unknown): Promise<{ ok: boolean; status: number; data: Answer }> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
    return { ok: res.ok, status: res.status, data: await res.json().catch(() => ({ error: `The server answered ${res.status}.` })) };
  } catch {
    return { ok: false, status: 0, data: { error: 'The server could not be reached; try again.' } };
  }
}

/**
 * The submit logic the password forms share: the field named `passwordField` must equal `repeat`,
 * then `toBody(form)` is posted to `url`; a refusal shows the server's message, success calls `onDone`.
 */
export function usePasswordForm(url: string, passwordField: string, toBody: (f: FormData) => unknown, onDone: (data: Answer) => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if (f.get(passwordField) !== f.get('repeat')) return setError('The two new passwords differ.');
    setBusy(true);
    setError(null);
    const res = await postJson(url, toBody(f));
    setBusy(false);
    if (!res.ok) return setError(res.data.error ?? `Failed (${res.status}).`);
    onDone(res.data);
  }
  const errorLine = error && (
    <p className="error" role="alert">
      {error}
    </p>
  );
  return { onSubmit, busy, errorLine };
}
