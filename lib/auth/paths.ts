/** Only same-site relative paths are accepted as a place to return to after signing in. */
export function safeCallbackPath(raw: string | null | undefined, fallback = '/'): string {
  if (!raw || typeof raw !== 'string') return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f]/.test(raw)) return fallback;
  if (raw === '/login' || raw.startsWith('/login?') || raw.startsWith('/api/auth')) return fallback;
  return raw;
}

export function loginPath(callbackPath?: string): string {
  const cb = safeCallbackPath(callbackPath, '');
  return cb ? `/login?callbackUrl=${encodeURIComponent(cb)}` : '/login';
}
