import { TZDate } from '@date-fns/tz';

/**
 * Dates of a class are entered and shown in the class's IANA time zone and stored as UTC instants.
 * Wall-clock text is "YYYY-MM-DDTHH:mm" (what <input type="datetime-local"> sends); DST and offsets
 * come from @date-fns/tz over the runtime's tz database (Intl).
 */

/** The zone a new class gets when none is chosen (server default; the demo class uses Asia/Seoul). */
export const DEFAULT_CLASS_TIME_ZONE = 'UTC';

/** True when `zone` is an IANA time-zone name this runtime knows (checked with Intl). */
export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A wall-clock time that does not exist or cannot be read; the message names the value and zone. */
export class WallClockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WallClockError';
  }
}

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

/**
 * The UTC instant of wall-clock `local` ("2026-12-01T23:59") in `zone`.
 * Throws WallClockError when the text is not such a time, names an impossible date (02-30), or a
 * time skipped by a daylight-saving change in that zone. A repeated (fall-back) hour takes the
 * earlier instant.
 */
export function wallClockToInstant(local: string, zone: string): Date {
  if (!isValidTimeZone(zone)) throw new WallClockError(`"${zone}" is not a time zone.`);
  const m = WALL_CLOCK.exec(local.trim());
  if (!m) throw new WallClockError(`"${local}" is not a date and time like 2026-12-01T23:59.`);
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) {
    throw new WallClockError(`"${local}" is not a valid date and time.`);
  }
  const instant = new Date(new TZDate(y, mo - 1, d, h, mi, 0, 0, zone).getTime());
  // Round trip: a date that rolled over (Feb 30) or a time in a DST gap comes back different.
  if (instantToWallClock(instant, zone) !== `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}`) {
    throw new WallClockError(`${local.replace('T', ' ')} does not exist in ${zone} (an impossible date or a daylight-saving gap).`);
  }
  return instant;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall-clock text ("YYYY-MM-DDTHH:mm") of an instant in `zone`, e.g. to prefill a form. */
export function instantToWallClock(instant: Date, zone: string): string {
  const t = new TZDate(instant.getTime(), zone);
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** An instant as people read it in the class: "2026-12-01 23:59 (Asia/Seoul)". */
export function formatInZone(instant: Date, zone: string): string {
  return `${instantToWallClock(instant, zone).replace('T', ' ')} (${zone})`;
}
