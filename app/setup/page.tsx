import type { Metadata } from 'next';
import Link from 'next/link';
import { adminExists } from '@/lib/accounts/first-admin';
import { SetupForm } from './setup-form';

export const metadata: Metadata = { title: 'Set up', referrer: 'no-referrer', robots: { index: false, follow: false } };
export const dynamic = 'force-dynamic';

/**
 * The one-time first-admin page (lib/accounts/first-admin.ts): usable only while no admin exists,
 * and only with the setup token printed in the server log at start.
 */
export default async function SetupPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await adminExists()) {
    return (
      <section className="narrow">
        <h1>Set up</h1>
        <p data-testid="setup-closed">
          This site already has an admin. <Link href="/login">Sign in</Link>.
        </p>
      </section>
    );
  }
  const raw = (await props.searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 200) ?? '';
  return (
    <section className="narrow">
      <h1>Set up: the first admin</h1>
      <p>
        This site has no admin yet. Create one with the setup token from the server log (the line <code>first admin: open …/setup?token=…</code>
        ). Once an admin exists this page closes.
      </p>
      <SetupForm token={token} />
    </section>
  );
}
