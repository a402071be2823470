'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { callApi } from '@/app/(admin)/admin/_components/fetch-json';

/**
 * Joining a class. A signed-in student posts the code (/api/join); a visitor without an account
 * either goes on to /join/<code> (mode "go") or signs up there (SignUpForm), then is signed in.
 */
export function JoinForm({ initialCode, mode }: { initialCode: string; mode: 'join' | 'go' }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [joined, setJoined] = useState<string | null>(null);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '').trim();
    if (!code) return setError('Type the join code your teacher gave you.');
    if (mode === 'go') return router.push(`/join/${encodeURIComponent(code)}`);
    setBusy(true);
    setError(null);
    const res = await callApi<{ name: string; alreadyMember: boolean }>('/api/join', { json: { code } });
    setBusy(false);
    if (!res.ok) return setError(res.data.error ?? `The server answered ${res.status}.`);
    setJoined(res.data.alreadyMember ? `You are already in ${res.data.name}.` : `You joined ${res.data.name}.`);
  }
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <label>
        Join code
        <input name="code" type="text" defaultValue={initialCode} autoComplete="off" maxLength={32} required autoFocus={!initialCode} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {joined ? (
        <p role="status" data-testid="joined">
          {joined} <a href="/">See your assignments</a>
        </p>
      ) : null}
      <button className="button" type="submit" disabled={busy}>
        {mode === 'go' ? 'Continue' : 'Join class'}
      </button>
    </form>
  );
}

export function SignUpForm({ code, minPasswordLength }: { code: string; minPasswordLength: number }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body = {
      code: String(f.get('code') ?? ''),
      name: String(f.get('name') ?? ''),
      email: String(f.get('email') ?? '').trim(),
      password: String(f.get('password') ?? ''),
    };
    setBusy(true);
    setError(null);
    const res = await callApi('/api/join/sign-up', { json: body });
    if (!res.ok) {
      setBusy(false);
      return setError(res.data.error ?? `The server answered ${res.status}.`);
    }
    const signedIn = await signIn('credentials', { email: body.email, password: body.password, redirect: false }).catch(() => null);
    if (!signedIn?.ok) {
      setBusy(false);
      return setError('Your account was created, but signing in failed; sign in on the sign-in page.');
    }
    window.location.assign('/'); // a full load: the home page renders for the new student
  }
  return (
    <form className="form" onSubmit={onSubmit} noValidate data-testid="sign-up">
      <label>
        Join code
        <input name="code" type="text" defaultValue={code} autoComplete="off" maxLength={32} required />
      </label>
      <label>
        Your name
        <input name="name" type="text" autoComplete="name" maxLength={100} required />
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" maxLength={320} required />
      </label>
      <label>
        Password <span className="muted">(at least {minPasswordLength} characters, not a common password)</span>
        <input name="password" type="password" autoComplete="new-password" minLength={minPasswordLength} required />
      </label>
      {error && (
        <p role="alert" className="error" data-testid="sign-up-error">
          {error}
        </p>
      )}
      <button className="button" type="submit" disabled={busy}>
        {busy ? 'Creating your account…' : 'Create account and join'}
      </button>
    </form>
  );
}
