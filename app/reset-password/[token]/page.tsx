import type { Metadata } from 'next';
import { LINK_MESSAGES, passwordLinkState } from '@/lib/accounts/password-links';
import { ResetPasswordForm } from './reset-form';

// The token is in the URL: never send it on as a Referer, never index the page.
export const metadata: Metadata = { title: 'Choose a password', referrer: 'no-referrer', robots: { index: false, follow: false } };
export const dynamic = 'force-dynamic';

/** Public: set a password with a one-time link an admin made (or an import); expired/used links say so. */
export default async function ResetPasswordPage(props: { params: Promise<{ token: string }> }) {
  const { token } = await props.params;
  const state = /^[A-Za-z0-9_-]{20,200}$/.test(token) ? await passwordLinkState(token) : ({ state: 'unknown' } as const);
  return (
    <section className="narrow">
      <h1>Choose a password</h1>
      {state.state === 'valid' ? (
        <>
          <p>
            For <strong>{state.name}</strong> ({state.email}). This link works once, until {state.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC.
          </p>
          <ResetPasswordForm token={token} />
        </>
      ) : (
        <p className="error" role="alert" data-testid="link-state" data-state={state.state}>
          {LINK_MESSAGES[state.state]}
        </p>
      )}
    </section>
  );
}
