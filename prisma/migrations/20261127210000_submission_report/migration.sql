-- AlterTable
ALTER TABLE "Submission" ADD COLUMN "report" JSONB;
