// For integration tests: the Prisma client bound to the test database (see global-setup.ts),
// and a way to empty the tables between tests.
import { db } from '../../lib/db';

export { db };

export async function resetDatabase(): Promise<void> {
  await db.$executeRawUnsafe(
    'TRUNCATE "BuildStep", "BuildRecord", "CheckResult", "Submission", "LessonRevision", "Lesson", "Category", "User", "Classroom", "ClassTeacher", "ClassMembership", "Assignment", "PasswordResetToken", "SignInAttempt", "SiteSetting" CASCADE',
  );
}
