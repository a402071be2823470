-- Issue 8: a lesson's stable key (explicit or derived from its title), its body format (md|mdx),
-- derived search/metadata fields, and trigram search (pg_trgm: substring matching works for Korean,
-- whose words carry attached particles that PostgreSQL's full-text parsers do not split).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE "Lesson" ADD COLUMN "slugExplicit" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Lesson" ADD COLUMN "format" TEXT NOT NULL DEFAULT 'md';
ALTER TABLE "Lesson" ADD COLUMN "headings" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Lesson" ADD COLUMN "description" TEXT NOT NULL DEFAULT '';

CREATE INDEX "Lesson_title_trgm_idx" ON "Lesson" USING GIN ("title" gin_trgm_ops);
CREATE INDEX "Lesson_headings_trgm_idx" ON "Lesson" USING GIN ("headings" gin_trgm_ops);
CREATE INDEX "Lesson_body_trgm_idx" ON "Lesson" USING GIN ("body" gin_trgm_ops);
