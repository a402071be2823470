import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/session';
import { ChangePasswordForm } from './change-password-form';

export const metadata: Metadata = { title: 'Your account' };
export const dynamic = 'force-dynamic';

/** Every signed-in user: who they are, and a password change. */
export default async function AccountPage() {
  const user = await requireUser(undefined, '/account');
  return (
    <section className="narrow">
      <h1>Your account</h1>
      <p>
        {user.name} · {user.email} · {user.role.toLowerCase()}
      </p>
      <h2>Change your password</h2>
      <p className="muted">Changing it signs you out everywhere, this browser too: sign in again with the new password.</p>
      <ChangePasswordForm />
    </section>
  );
}
