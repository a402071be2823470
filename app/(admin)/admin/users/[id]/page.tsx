import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AccountError } from '@/lib/accounts/errors';
import { getAccount } from '@/lib/accounts/users';
import { requireUser } from '@/lib/auth/session';
import { Role } from '@/lib/db/index';
import { AccountEditor } from '../_components/account-editor';
import { AccountsNav } from '../_components/accounts-nav';
import '../../studio.css';
import '../accounts.css';

export const metadata: Metadata = { title: 'Account' };
export const dynamic = 'force-dynamic';

/** Admin: one account — edit, disable/enable, password-reset link. */
export default async function AccountPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const admin = await requireUser([Role.ADMIN], `/admin/users/${encodeURIComponent(id)}`);
  const account = await getAccount(id).catch((err) => {
    if (err instanceof AccountError && err.status === 404) notFound();
    throw err;
  });
  return (
    <section>
      <h1>{account.name}</h1>
      <AccountsNav />
      <p className="muted">
        {account.email} · created {account.createdAt.toISOString().slice(0, 10)} · {account.hasPassword ? 'has a password' : 'no password yet'}
      </p>
      <AccountEditor
        account={{ id: account.id, email: account.email, name: account.name, role: account.role, disabled: !!account.disabledAt }}
        self={account.id === admin.id}
      />
    </section>
  );
}
