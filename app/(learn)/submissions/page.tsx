import type { Metadata } from 'next';
import { SubmissionsTable } from '@/app/_components/submissions-table';
import { ComparePairForm } from '@/app/_components/compare-picker';
import { requireUser } from '@/lib/auth/session';
import { labTitles } from '@/lib/submissions/labs';
import { lateSubmissionIds } from '@/lib/submissions/late-marks';
import { listMySubmissions } from '@/lib/submissions/list-mine';

export const metadata: Metadata = { title: 'My submissions' };
export const dynamic = 'force-dynamic';

export default async function MySubmissionsPage() {
  const user = await requireUser(undefined, '/submissions');
  const [rows, titles] = await Promise.all([listMySubmissions(user.id), labTitles()]);
  const late = await lateSubmissionIds(user.id, rows);
  return (
    <section>
      <h1>My submissions</h1>
      <SubmissionsTable rows={rows} labTitles={titles} testId="my-submissions" late={late} />
      <ComparePairForm rows={rows} labTitles={titles} />
    </section>
  );
}
