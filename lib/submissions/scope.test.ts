import { describe, expect, it } from 'vitest';
import { submissionScope } from './scope';

describe('submissionScope', () => {
  it('limits a student to their own submissions', () => {
    expect(submissionScope({ id: 'u1', role: 'STUDENT' })).toEqual({ userId: 'u1' });
  });
  it('limits a teacher to their own and their classrooms’ students', () => {
    expect(submissionScope({ id: 't1', role: 'TEACHER' })).toEqual({
      OR: [{ userId: 't1' }, { user: { memberships: { some: { classroom: { teachers: { some: { userId: 't1' } } } } } } }],
    });
  });
  it('lets an admin see all', () => {
    expect(submissionScope({ id: 'a', role: 'ADMIN' })).toEqual({});
  });
  it('matches nothing for an unknown role', () => {
    expect(submissionScope({ id: 'x', role: 'GUEST' as never })).toEqual({ id: { in: [] } });
  });
});
