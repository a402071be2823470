import { headers } from 'next/headers';

/**
 * The CSP nonce of the current request, for client code that injects `<style>`/`<script>` at run
 * time (CodeMirror). Next's convention (docs "Content Security Policy"): the middleware passes the
 * nonce as the `x-nonce` request header and/or in the request's `content-security-policy` header.
 * Undefined when the site uses no nonce. Server components only.
 */
export async function requestNonce(): Promise<string | undefined> {
  const h = await headers();
  const direct = h.get('x-nonce');
  if (direct) return direct;
  return /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(h.get('content-security-policy') ?? '')?.[1];
}
