import { describe, expect, it } from 'vitest';
import { formatInZone, instantToWallClock, isValidTimeZone, wallClockToInstant, WallClockError } from './time-zone';

describe('class time zones', () => {
  it('knows IANA names and refuses others', () => {
    expect(isValidTimeZone('Asia/Seoul')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('turns a wall-clock time in the class zone into the UTC instant and back', () => {
    const due = wallClockToInstant('2026-12-01T23:59', 'Asia/Seoul');
    expect(due.toISOString()).toBe('2026-12-01T14:59:00.000Z');
    expect(instantToWallClock(due, 'Asia/Seoul')).toBe('2026-12-01T23:59');
    expect(instantToWallClock(due, 'UTC')).toBe('2026-12-01T14:59');
    expect(formatInZone(due, 'Asia/Seoul')).toBe('2026-12-01 23:59 (Asia/Seoul)');
    expect(wallClockToInstant('2026-07-01 09:00', 'America/New_York').toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(wallClockToInstant('2026-01-01T09:00', 'America/New_York').toISOString()).toBe('2026-01-01T14:00:00.000Z');
  });

  it('refuses text that is no date, impossible dates and times skipped by daylight saving', () => {
    expect(() => wallClockToInstant('tomorrow', 'UTC')).toThrow(WallClockError);
    expect(() => wallClockToInstant('2026-02-30T10:00', 'UTC')).toThrow(/does not exist in UTC/);
    expect(() => wallClockToInstant('2026-13-01T10:00', 'UTC')).toThrow(/not a valid date/);
    expect(() => wallClockToInstant('2026-03-08T02:30', 'America/New_York')).toThrow(/daylight-saving gap/);
    expect(() => wallClockToInstant('2026-03-08T02:30', 'Nowhere/City')).toThrow(/not a time zone/);
  });

  it('takes the earlier instant of a repeated (fall-back) hour', () => {
    expect(wallClockToInstant('2026-11-01T01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
});
