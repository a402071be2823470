import type { Metadata } from 'next';
import Link from 'next/link';
import { listAccounts } from '@/lib/accounts/users';
import { requireUser } from '@/lib/auth/session';
import { Role } from '@/lib/db/index';
import { AccountsNav } from './_components/accounts-nav';
import { CreateAccountForm } from './_components/create-account-form';
import '../studio.css';
import './accounts.css';

export const metadata: Metadata = { title: 'Accounts' };
export const dynamic = 'force-dynamic';

/** Admin: every account, searchable by name or e-mail; create one; open one to edit it. */
export default async function AccountsPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser([Role.ADMIN], '/admin/users');
  const raw = (await props.searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 100) ?? '';
  const accounts = await listAccounts(q);
  return (
    <section>
      <h1>Accounts</h1>
      <AccountsNav />
      <h2>New account</h2>
      <p className="muted">The account gets no password: give the person the one-time link shown after creating it.</p>
      <CreateAccountForm />
      <h2>All accounts</h2>
      <form method="get" role="search" className="studio-inline-form">
        <label>
          Search name or e-mail <input type="text" name="q" defaultValue={q} maxLength={100} />
        </label>
        <button className="button button--small" type="submit">
          Search
        </button>
        {q && <Link href="/admin/users">Clear</Link>}
      </form>
      {accounts.length === 0 ? (
        <p className="empty">{q ? `No account matches "${q}".` : 'No accounts.'}</p>
      ) : (
        <div className="table-wrap accounts-table" role="region" aria-label="Accounts" tabIndex={0}>
          <table data-testid="accounts">
            <thead>
              <tr>
                <th>Name</th>
                <th>E-mail</th>
                <th>Role</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id} data-email={a.email}>
                  <th scope="row" className="name-cell">
                    <Link href={`/admin/users/${a.id}`}>{a.name}</Link>
                  </th>
                  <td>{a.email}</td>
                  <td>{a.role.toLowerCase()}</td>
                  <td>{a.disabledAt ? 'disabled' : a.hasPassword ? 'active' : 'no password yet'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">{accounts.length} account{accounts.length === 1 ? '' : 's'}{accounts.length >= 500 ? ' (the first 500; search to narrow)' : ''}.</p>
    </section>
  );
}
