-- Issue 9: classes with several teachers and students, assignments with due dates, regrades,
-- account disabling, session revocation, password resets, sign-in throttling, site settings.
-- Every existing row is kept: each classroom's teacher becomes a ClassTeacher row, each student's
-- classroom a ClassMembership row, and each classroom gets a random join code.

-- CreateEnum
CREATE TYPE "LatePolicy" AS ENUM ('ACCEPT_LATE', 'REFUSE_LATE');
CREATE TYPE "SubmissionKind" AS ENUM ('ATTEMPT', 'REGRADE');

-- Classroom: join code, sign-up switch, time zone, archive.
ALTER TABLE "Classroom" ADD COLUMN "joinCode" TEXT,
ADD COLUMN "signUpOpen" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN "timeZone" TEXT NOT NULL DEFAULT 'UTC',
ADD COLUMN "archivedAt" TIMESTAMP(3);
-- 8 characters of an unambiguous alphabet (no 0/O, 1/I/L), drawn from gen_random_uuid's bits.
UPDATE "Classroom" SET "joinCode" = (
  SELECT string_agg(substr('ABCDEFGHJKMNPQRSTUVWXYZ23456789', 1 + (get_byte(decode(replace(gen_random_uuid()::text, '-', ''), 'hex'), i) % 31), 1), '')
  FROM generate_series(0, 7) AS i
  WHERE "Classroom"."id" IS NOT NULL -- correlated, so each row draws its own code
) WHERE "joinCode" IS NULL;
ALTER TABLE "Classroom" ALTER COLUMN "joinCode" SET NOT NULL;
CREATE UNIQUE INDEX "Classroom_joinCode_key" ON "Classroom"("joinCode");
CREATE INDEX "Classroom_archivedAt_idx" ON "Classroom"("archivedAt");
-- Class names need not be unique any more (two teachers may both run "Docker 101").
DROP INDEX "Classroom_name_key";

-- CreateTable
CREATE TABLE "ClassTeacher" (
    "classroomId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ClassTeacher_pkey" PRIMARY KEY ("classroomId","userId")
);
CREATE INDEX "ClassTeacher_userId_idx" ON "ClassTeacher"("userId");
ALTER TABLE "ClassTeacher" ADD CONSTRAINT "ClassTeacher_classroomId_fkey" FOREIGN KEY ("classroomId") REFERENCES "Classroom"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ClassTeacher" ADD CONSTRAINT "ClassTeacher_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
INSERT INTO "ClassTeacher" ("classroomId", "userId", "createdAt")
  SELECT "id", "teacherId", "createdAt" FROM "Classroom" WHERE "teacherId" IS NOT NULL;

-- CreateTable
CREATE TABLE "ClassMembership" (
    "classroomId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ClassMembership_pkey" PRIMARY KEY ("classroomId","userId")
);
CREATE INDEX "ClassMembership_userId_idx" ON "ClassMembership"("userId");
ALTER TABLE "ClassMembership" ADD CONSTRAINT "ClassMembership_classroomId_fkey" FOREIGN KEY ("classroomId") REFERENCES "Classroom"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ClassMembership" ADD CONSTRAINT "ClassMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
INSERT INTO "ClassMembership" ("classroomId", "userId", "joinedAt")
  SELECT "classroomId", "id", "createdAt" FROM "User" WHERE "classroomId" IS NOT NULL;

-- The one-to-one columns are replaced by the tables above.
ALTER TABLE "User" DROP CONSTRAINT "User_classroomId_fkey";
ALTER TABLE "User" DROP COLUMN "classroomId";
ALTER TABLE "Classroom" DROP CONSTRAINT "Classroom_teacherId_fkey";
ALTER TABLE "Classroom" DROP COLUMN "teacherId";

-- User: disable, session version, password change time.
ALTER TABLE "User" ADD COLUMN "disabledAt" TIMESTAMP(3),
ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "passwordChangedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL,
    "classroomId" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "opensAt" TIMESTAMP(3),
    "dueAt" TIMESTAMP(3),
    "latePolicy" "LatePolicy" NOT NULL DEFAULT 'ACCEPT_LATE',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Assignment_classroomId_labId_key" ON "Assignment"("classroomId", "labId");
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_classroomId_fkey" FOREIGN KEY ("classroomId") REFERENCES "Classroom"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Submission: kind, regrade link, lab version.
ALTER TABLE "Submission" ADD COLUMN "kind" "SubmissionKind" NOT NULL DEFAULT 'ATTEMPT',
ADD COLUMN "regradeOfId" TEXT,
ADD COLUMN "labVersion" TEXT;
CREATE INDEX "Submission_regradeOfId_idx" ON "Submission"("regradeOfId");
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_regradeOfId_fkey" FOREIGN KEY ("regradeOfId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "PasswordResetToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PasswordResetToken_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "PasswordResetToken_tokenHash_key" ON "PasswordResetToken"("tokenHash");
CREATE INDEX "PasswordResetToken_userId_idx" ON "PasswordResetToken"("userId");
ALTER TABLE "PasswordResetToken" ADD CONSTRAINT "PasswordResetToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "SignInAttempt" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "clientAddress" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SignInAttempt_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "SignInAttempt_email_createdAt_idx" ON "SignInAttempt"("email", "createdAt");
CREATE INDEX "SignInAttempt_clientAddress_createdAt_idx" ON "SignInAttempt"("clientAddress", "createdAt");

-- CreateTable
CREATE TABLE "SiteSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "SiteSetting_pkey" PRIMARY KEY ("key")
);
