import { describe, expect, it } from 'vitest';
import { ACCOUNT_POLICY, ADDRESS_POLICY, stricter, throttleDecision, throttleMessage } from './throttle';

const now = new Date('2026-11-29T12:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe('throttleDecision', () => {
  it('allows fewer failures than the limit', () => {
    expect(throttleDecision([ago(10), ago(20), ago(30), ago(40)], now, ACCOUNT_POLICY)).toEqual({ allowed: true });
  });
  it('locks at the limit for lockSeconds from the last failure', () => {
    const d = throttleDecision([ago(5), ago(10), ago(20), ago(30), ago(40)], now, ACCOUNT_POLICY);
    expect(d).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 - 5 });
  });
  it('doubles the lock with every failure past the limit, up to the cap', () => {
    const six = [0, 1, 2, 3, 4, 5].map((i) => ago(100 + i));
    expect(throttleDecision(six, now, ACCOUNT_POLICY)).toEqual({ allowed: false, retryAfterSeconds: 30 * 60 - 100 });
    const many = Array.from({ length: 20 }, (_, i) => ago(100 + i));
    expect(throttleDecision(many, now, ACCOUNT_POLICY)).toEqual({ allowed: false, retryAfterSeconds: 24 * 3600 - 100 });
  });
  it('allows again once the lock has passed', () => {
    const five = [0, 1, 2, 3, 4].map((i) => ago(16 * 60 + i));
    expect(throttleDecision(five, now, ACCOUNT_POLICY)).toEqual({ allowed: true });
  });
  it('ignores failures outside the window and in the future', () => {
    const old = Array.from({ length: 60 }, (_, i) => ago(16 * 60 + i));
    expect(throttleDecision(old, now, ADDRESS_POLICY)).toEqual({ allowed: true });
    const future = Array.from({ length: 10 }, () => new Date(now.getTime() + 1000));
    expect(throttleDecision(future, now, ACCOUNT_POLICY)).toEqual({ allowed: true });
  });
  it('per address: 50 failures in 15 minutes lock the address', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ago(60 + i));
    expect(throttleDecision(fifty, now, ADDRESS_POLICY)).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 - 60 });
    expect(throttleDecision(fifty.slice(1), now, ADDRESS_POLICY)).toEqual({ allowed: true });
  });
});

describe('stricter and throttleMessage', () => {
  it('takes the longer wait', () => {
    expect(stricter({ allowed: true }, { allowed: true })).toEqual({ allowed: true });
    expect(stricter({ allowed: false, retryAfterSeconds: 5 }, { allowed: true })).toEqual({ allowed: false, retryAfterSeconds: 5 });
    expect(stricter({ allowed: false, retryAfterSeconds: 5 }, { allowed: false, retryAfterSeconds: 9 })).toEqual({ allowed: false, retryAfterSeconds: 9 });
  });
  it('says how long to wait', () => {
    expect(throttleMessage(30)).toMatch(/30 seconds/);
    expect(throttleMessage(61)).toMatch(/2 minutes/);
    expect(throttleMessage(900)).toMatch(/15 minutes/);
    expect(throttleMessage(24 * 3600)).toMatch(/24 hours/);
  });
});
