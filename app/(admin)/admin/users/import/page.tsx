import type { Metadata } from 'next';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS, SAMPLE_CSV } from '@/lib/accounts/csv-import';
import { NEW_ACCOUNT_LINK_HOURS } from '@/lib/accounts/password-links';
import { requireUser } from '@/lib/auth/session';
import { Role } from '@/lib/db/index';
import { AccountsNav } from '../_components/accounts-nav';
import { ImportAccountsForm } from '../_components/import-accounts-form';
import '../../studio.css';
import '../accounts.css';

export const metadata: Metadata = { title: 'Import accounts' };
export const dynamic = 'force-dynamic';

/** Admin: bulk account import from CSV, documented here, with a sample to download. */
export default async function ImportAccountsPage() {
  await requireUser([Role.ADMIN], '/admin/users/import');
  return (
    <section>
      <h1>Import accounts from CSV</h1>
      <AccountsNav />
      <p>
        A UTF-8 file (with or without a BOM: &quot;CSV UTF-8&quot; in spreadsheet programs), comma-separated, whose first line names the
        columns <code>{IMPORT_COLUMNS.join(',')}</code> in any order. At most {MAX_IMPORT_ROWS} rows and 1 MB.
      </p>
      <div className="table-wrap" role="region" aria-label="CSV columns" tabIndex={0}>
        <table data-testid="import-columns">
          <thead>
            <tr>
              <th>Column</th>
              <th>Required</th>
              <th>What</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td><code>email</code></td>
              <td>yes</td>
              <td>A valid e-mail address, once per file, not already an account (compared lower-case).</td>
            </tr>
            <tr>
              <td><code>name</code></td>
              <td>yes</td>
              <td>The person&apos;s name as shown to teachers (any script, e.g. 김민수), at most 100 characters.</td>
            </tr>
            <tr>
              <td><code>role</code></td>
              <td>no</td>
              <td><code>student</code>, <code>teacher</code> or <code>admin</code>; empty or missing means student.</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent('\ufeff' + SAMPLE_CSV)}`} download="accounts-sample.csv">
          Download a sample file
        </a>
      </p>
      <p className="muted">
        Check shows every problem with its line and field; nothing is imported until every row is valid, and then all rows are imported at
        once. New accounts have no password: each gets a one-time set-password link, valid {NEW_ACCOUNT_LINK_HOURS / 24} days, shown once
        after the import.
      </p>
      <ImportAccountsForm />
    </section>
  );
}
