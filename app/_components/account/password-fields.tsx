'use client';

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

/** POST JSON to a same-origin route; the answer's JSON and status. */
export async function postJson(url: string, body: unknown): Promise<{ ok: boolean; status: number; data: { error?: string; field?: string; email?: string } }> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
    return { ok: res.ok, status: res.status, data: await res.json().catch(() => ({ error: `The server answered ${res.status}.` })) };
  } catch {
    return { ok: false, status: 0, data: { error: 'The server could not be reached; try again.' } };
  }
}
