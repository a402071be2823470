import { describe, expect, it } from 'vitest';
import { navItemsFor } from './nav';

describe('navItemsFor', () => {
  const labels = (r: Parameters<typeof navItemsFor>[0]) => navItemsFor(r).map((i) => i.label);
  it('shows links by role', () => {
    expect(labels(null)).toEqual(['Lessons', 'Labs']);
    expect(labels('STUDENT')).toEqual(['Lessons', 'Labs', 'My submissions']);
    expect(labels('TEACHER')).toEqual(['Lessons', 'Labs', 'My submissions', 'Teacher']);
    expect(labels('ADMIN')).toEqual(['Lessons', 'Labs', 'My submissions', 'Teacher', 'Admin']);
  });
});
