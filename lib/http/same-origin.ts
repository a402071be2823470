/**
 * Cross-site request refusal for state-changing route handlers (POST, PUT, PATCH, DELETE).
 *
 * A browser attaches the session cookie to a cross-site form post or `fetch(..., {mode:'no-cors'})`
 * with a "simple" content type, so a role check alone does not stop a page elsewhere from acting
 * with an admin's cookie. The rule (OWASP CSRF cheat sheet, "Fetch Metadata" and "Verifying origin
 * with standard headers"):
 *   - `Sec-Fetch-Site` (sent by every current browser) must be `same-origin` or `none` (typed URL);
 *     `same-site` is refused too: another port or subdomain of this host is not this app;
 *   - otherwise `Origin`, when present, must equal this server's origin (the request's own Host);
 *   - a request with neither header is not from a browser (curl, scripts) and carries no ambient
 *     cookie risk, so it is allowed: the route's own role check still applies.
 */

export interface CrossSiteRefusal {
  status: 403;
  error: string;
}

/** The origin the request was addressed to, from its Host header (falls back to the URL). */
function ownOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host') ?? url.host;
  const proto = req.headers.get('x-forwarded-proto') ?? url.protocol.replace(/:$/, '');
  return `${proto}://${host}`;
}

/**
 * Returns undefined when the request may change state, or the refusal to send (403) when it comes
 * from another site. Pure: reads only the request's headers and URL.
 */
export function crossSiteRefusal(req: Request): CrossSiteRefusal | undefined {
  const site = req.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') {
    return { status: 403, error: `Cross-site request refused (Sec-Fetch-Site: ${site}).` };
  }
  const origin = req.headers.get('origin');
  if (origin !== null && origin !== 'null' && origin !== ownOrigin(req)) {
    return { status: 403, error: 'Cross-site request refused (Origin does not match this site).' };
  }
  if (origin === 'null') return { status: 403, error: 'Cross-site request refused (opaque Origin).' };
  return undefined;
}

/** `crossSiteRefusal` as a ready JSON Response (no-store), or undefined when allowed. */
export function refuseCrossSite(req: Request): Response | undefined {
  const refusal = crossSiteRefusal(req);
  if (!refusal) return undefined;
  return Response.json({ error: refusal.error }, { status: refusal.status, headers: { 'Cache-Control': 'no-store' } });
}
