/**
 * Whether a request for a reading page must be sent to sign in first. Pure (proxy.ts supplies the
 * facts). Only the statically cached lesson pages need this gate in front of the cache: every other
 * page checks the session itself.
 */
export function readingGate(pathname: string, opts: { required: boolean; signedIn: boolean }): 'pass' | 'login' {
  if (!opts.required || opts.signedIn) return 'pass';
  return pathname === '/lessons' || pathname.startsWith('/lessons/') ? 'login' : 'pass';
}
