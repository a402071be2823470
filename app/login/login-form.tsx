'use client';

import { getCsrfToken } from 'next-auth/react';
import { useState, type FormEvent } from 'react';

export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!email || !password) {
      setError('Enter your email and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // next-auth's own credentials post, made here so a 429 (too many failed sign-ins) can show
      // the server's message and wait (lib/auth/sign-in-route.ts).
      const csrfToken = (await getCsrfToken()) ?? '';
      const res = await fetch('/api/auth/callback/credentials', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, password, csrfToken, callbackUrl, json: 'true' }),
        credentials: 'same-origin',
      });
      const data = (await res.json().catch(() => ({}))) as { url?: string; error?: string };
      if (res.status === 429) {
        setError(data.error ?? 'Too many failed sign-ins; try again later.');
        setBusy(false);
        return;
      }
      const failed = !res.ok || !data.url || new URL(data.url, window.location.href).searchParams.has('error');
      if (failed) {
        setError(res.ok || res.status === 401 ? 'Wrong email or password.' : 'Sign-in failed; please try again.');
        setBusy(false);
        return;
      }
      // A full load, so the server layouts render for the signed-in user.
      window.location.assign(callbackUrl);
    } catch {
      setError('Could not reach the server; please try again.');
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p role="alert" className="error" data-testid="login-error">
          {error}
        </p>
      )}
      <button className="button" type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
