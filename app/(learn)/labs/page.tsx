import type { Metadata } from 'next';
import Link from 'next/link';
import { getCurrentUser, requireUser } from '@/lib/auth/session';
import { readingRequiresSignIn } from '@/lib/env';
import { listLabs } from '@/lib/labs/loader';
import { formatScore } from '@/lib/submissions/aggregate';
import { myProgressByLab } from '@/lib/submissions/list-mine';
import { InlineCodeText } from '@/app/_components/text';
import { TableWrap } from '@/app/_components/table-wrap';

export const metadata: Metadata = { title: 'Labs' };
export const dynamic = 'force-dynamic';

export default async function LabsPage() {
  // Public list (unless LAYERLAB_REQUIRE_SIGN_IN); scores only for the signed-in user.
  const user = readingRequiresSignIn() ? await requireUser(undefined, '/labs') : await getCurrentUser();
  const [labs, progress] = await Promise.all([listLabs(), user ? myProgressByLab(user.id) : new Map()]);
  return (
    <section>
      <h1>Labs</h1>
      <p className="muted">Each lab is graded by real Docker builds. Only graded submissions count as attempts.</p>
      {labs.length === 0 ? (
        <p className="empty">No labs yet.</p>
      ) : (
        <TableWrap label="Labs">
          <table data-testid="labs-table">
            <thead>
              <tr>
                <th>Lab</th>
                <th className="num">Best score</th>
                <th className="num">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {labs.map((lab) => {
                const p = progress.get(lab.id);
                return (
                  <tr key={lab.id}>
                    <td>
                      <Link href={`/labs/${encodeURIComponent(lab.id)}`}>
                        <strong>{lab.title}</strong>
                      </Link>
                      {lab.summary ? (
                        <div className="muted">
                          <InlineCodeText text={lab.summary} />
                        </div>
                      ) : null}
                    </td>
                    <td className="num">
                      {p?.bestId ? (
                        <Link href={`/submissions/${p.bestId}`}>{formatScore(p.best, p.maxScore)}</Link>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="num">{p?.attempts ?? 0}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
