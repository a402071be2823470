/**
 * The grader's report as stored in `Submission.report`, read back leniently: the one report contract
 * is lib/grading/report.ts (this module keeps the web's import path).
 */
export { hasStepAnalysis, parseStoredReport, StoredReportSchema, type StoredReport } from '../grading/report';
