import { describe, expect, it } from 'vitest';
import { stripLeadingH1 } from './text';

describe('stripLeadingH1', () => {
  it('drops only a leading level-1 heading', () => {
    expect(stripLeadingH1('# Title\n\nBody')).toBe('\nBody');
    expect(stripLeadingH1('\n  # Title\nBody')).toBe('Body');
    expect(stripLeadingH1('## Sub\nBody')).toBe('## Sub\nBody');
    expect(stripLeadingH1('Intro\n# Later')).toBe('Intro\n# Later');
    expect(stripLeadingH1('#hashtag')).toBe('#hashtag');
  });
});
