import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/session';
import { Role } from '@/lib/db/index';
import { getSiteSetting } from '@/lib/settings/site-settings';
import { AccountsNav } from '../users/_components/accounts-nav';
import { SettingsForm } from '../users/_components/settings-form';
import '../studio.css';
import '../users/accounts.css';

export const metadata: Metadata = { title: 'Settings' };
export const dynamic = 'force-dynamic';

/** Admin: self sign-up on or off, and the session lifetime. */
export default async function SettingsPage() {
  await requireUser([Role.ADMIN], '/admin/settings');
  const initial = { signUpEnabled: await getSiteSetting('signUpEnabled'), sessionLifetimeHours: await getSiteSetting('sessionLifetimeHours') };
  return (
    <section>
      <h1>Settings</h1>
      <AccountsNav />
      <SettingsForm initial={initial} />
    </section>
  );
}
