-- AlterTable
ALTER TABLE "Submission" ADD COLUMN "attempt" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "workerId" TEXT,
ADD COLUMN "heartbeatAt" TIMESTAMP(3),
ADD COLUMN "gradeId" TEXT;

-- CreateIndex
CREATE INDEX "Submission_status_heartbeatAt_idx" ON "Submission"("status", "heartbeatAt");
