import { isIP } from 'node:net';

/**
 * The address of the client that sent a request, for throttling sign-ins. Pure: reads headers only.
 *
 * Trust (see docs/security.md, "Sign-in throttling"): `next start` listens on 127.0.0.1 only, so
 * every request reaches it from the edge (scripts/edge.ts: nginx, which overwrites `X-Real-IP` with
 * the socket's address and appends that address to `X-Forwarded-For`) or from a local process.
 * Hence:
 *   1. `X-Real-IP`, when it is an IP address: set by the edge, never the client's own value;
 *   2. else the LAST entry of `X-Forwarded-For`: the hop that connected to us (the edge appends it;
 *      Next.js fills the header with the socket address when it is absent). Earlier entries are
 *      whatever the client claimed and are ignored;
 *   3. else "unknown" (all such requests share one budget).
 */
export function clientAddress(headers: Headers): string {
  const real = headers.get('x-real-ip')?.trim();
  if (real && isIP(stripZone(real))) return normalise(real);
  const forwarded = headers.get('x-forwarded-for');
  if (forwarded) {
    const last = forwarded.split(',').map((s) => s.trim()).filter(Boolean).pop();
    if (last && isIP(stripZone(last))) return normalise(last);
  }
  return 'unknown';
}

function stripZone(ip: string): string {
  return ip.replace(/%.*$/, '');
}

/** `::ffff:1.2.3.4` (IPv4 on an IPv6 socket) is 1.2.3.4: one client, one budget. */
function normalise(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return (v4 ? v4[1] : stripZone(ip)).toLowerCase();
}
