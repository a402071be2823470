import type { SubmissionStatus } from '@/lib/db/index';

export const STATUS_LABEL: Record<SubmissionStatus, string> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  GRADED: 'Graded',
  FAILED: 'Failed',
};

export function StatusBadge({ status }: { status: SubmissionStatus }) {
  return <span className={`badge badge--${status}`}>{STATUS_LABEL[status] ?? status}</span>;
}
