// @ts-check
/**
 * The security headers every response carries (next.config.js `headers()`), in one place so the
 * README, the tests and the config agree. CommonJS: next.config.js loads it without a build step.
 *
 * CSP trade-off (README "Security headers"): lesson pages are statically rendered and cached, and
 * Next.js streams its RSC payload in inline <script> tags. A nonce would have to be generated per
 * request, which forces dynamic rendering (Next's CSP guide: "you must use dynamic rendering to
 * add nonces"); hashes would change with every page and revalidation. We keep static rendering and
 * allow inline scripts with 'unsafe-inline' — and compensate where XSS would come from: lesson
 * HTML is sanitised (no script, no event handlers, no javascript: URLs), MDX runs no author
 * JavaScript, no third-party script origin is allowed, and object-src/base-uri/form-action/
 * frame-ancestors are locked down. Styles: 'unsafe-inline' too (shiki colours code with style
 * attributes). Images: this site, data: URIs, and the hosts in LAYERLAB_LESSON_IMAGE_HOSTS.
 */

/**
 * @param {{ dev?: boolean, imageHosts?: string[] }} [opts]
 * @returns {string} the Content-Security-Policy value
 */
function contentSecurityPolicy(opts = {}) {
  const hosts = (opts.imageHosts ?? [])
    .map((h) => h.trim().toLowerCase())
    .filter((h) => /^[a-z0-9.-]+(?::\d+)?$/.test(h))
    .map((h) => `https://${h}`);
  const directives = [
    "default-src 'self'",
    // 'unsafe-eval' only for `next dev` (React's dev tooling); never in production.
    `script-src 'self' 'unsafe-inline'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data:${hosts.length ? ` ${hosts.join(' ')}` : ''}`,
    "font-src 'self'",
    `connect-src 'self'${opts.dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ];
  return directives.join('; ');
}

/**
 * @param {{ dev?: boolean, imageHosts?: string[] }} [opts]
 * @returns {{ key: string, value: string }[]}
 */
function securityHeaders(opts = {}) {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy(opts) },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    // Legacy twin of frame-ancestors for old browsers.
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  ];
}

/** @param {string | undefined} raw comma-separated hosts (LAYERLAB_LESSON_IMAGE_HOSTS) */
function parseImageHosts(raw) {
  return (raw ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

module.exports = { contentSecurityPolicy, securityHeaders, parseImageHosts };
