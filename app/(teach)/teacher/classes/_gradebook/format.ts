/** "2026-11-29 22:05" in the class's IANA time zone (24-hour clock; the zone is named on the page). */
export function formatInZone(d: Date | null, timeZone: string): string {
  if (!d) return '—';
  try {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(d);
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
  } catch {
    return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC'; // an unknown zone name: say UTC
  }
}

/** "87.5", "100", "—". */
export function formatPoints(n: number | null | undefined): string {
  if (n == null) return '—';
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** "67 %" from a 0..1 rate. */
export function formatPercent(rate: number): string {
  return `${Math.round(rate * 100)} %`;
}
