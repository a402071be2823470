import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy';

describe('passwordProblems', () => {
  it('accepts a long uncommon password', () => {
    expect(passwordProblems('correct horse battery staple')).toEqual([]);
    expect(passwordProblems('도커이미지레이어연습중')).toEqual([]);
  });
  it('refuses short, over-long, common and own-name passwords', () => {
    expect(passwordProblems('short')[0]).toMatch(/at least 10/);
    expect(passwordProblems('가'.repeat(25)).join(' ')).toMatch(/at most 72 bytes/);
    // From the shipped list (@zxcvbn-ts/language-common), compared case-insensitively.
    expect(passwordProblems('1234567890').join(' ')).toMatch(/common passwords/);
    expect(passwordProblems('Password123').join(' ')).toMatch(/common passwords/);
    expect(passwordProblems('iloveyou12').join(' ')).toMatch(/common passwords/);
    expect(passwordProblems('LayerLab123').join(' ')).toMatch(/common passwords/);
    expect(passwordProblems('kim.minsu@school.kr', { email: 'kim.minsu@school.kr' }).join(' ')).toMatch(/e-mail address or name/);
  });
  it('ships a real list, not a handful', async () => {
    const fs = await import('node:fs');
    const lines = fs.readFileSync('lib/auth/common-passwords.txt', 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines.length).toBeGreaterThan(40_000);
  });
});
