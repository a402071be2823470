-- Admin studio: soft delete of lessons, the author and a note on each revision.

-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "LessonRevision" ADD COLUMN "authorId" TEXT,
ADD COLUMN "note" TEXT;

-- CreateIndex
CREATE INDEX "Lesson_deletedAt_idx" ON "Lesson"("deletedAt");

-- AddForeignKey
ALTER TABLE "LessonRevision" ADD CONSTRAINT "LessonRevision_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
