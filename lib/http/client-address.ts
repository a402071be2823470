/**
 * The client's address for throttling. The platform's edge (scripts/edge.ts, nginx) appends the
 * peer address to X-Forwarded-For ($proxy_add_x_forwarded_for), so its LAST entry is the address
 * nginx saw; earlier entries are whatever the client sent and are not trusted. Without the header
 * (next started alone on 127.0.0.1) every request is "local".
 */
export function clientAddress(req: Request): string {
  const forwarded = req.headers.get('x-forwarded-for');
  const last = forwarded?.split(',').map((s) => s.trim()).filter(Boolean).pop();
  return last && last.length <= 64 ? last : 'local';
}
