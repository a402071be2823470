import { describe, expect, it } from 'vitest';
import { readingGate } from './reading-gate';

describe('readingGate', () => {
  it('passes everyone while reading is public', () => {
    expect(readingGate('/lessons/x', { required: false, signedIn: false })).toBe('pass');
  });
  it('sends anonymous readers of lesson pages to sign in when the setting requires it', () => {
    expect(readingGate('/lessons', { required: true, signedIn: false })).toBe('login');
    expect(readingGate('/lessons/%EB%A0%88', { required: true, signedIn: false })).toBe('login');
    expect(readingGate('/lessons/x', { required: true, signedIn: true })).toBe('pass');
    expect(readingGate('/lessonsx', { required: true, signedIn: false })).toBe('pass');
  });
});
