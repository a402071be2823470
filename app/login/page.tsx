import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeCallbackPath } from '@/lib/auth/paths';
import { getCurrentUser } from '@/lib/auth/session';
import { adminExists } from '@/lib/accounts/first-admin';
import { demoMode } from '@/lib/env';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

const ERRORS: Record<string, string> = {
  CredentialsSignin: 'Wrong email or password.',
  SessionRequired: 'Please sign in to see that page.',
  TooManyAttempts: 'Too many failed sign-ins; wait a while, or ask an admin for a password-reset link.',
};

export default async function LoginPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await props.searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const callbackUrl = safeCallbackPath(one(sp.callbackUrl));
  if (await getCurrentUser()) redirect(callbackUrl);
  const errorCode = one(sp.error);
  const initialError = errorCode ? (ERRORS[errorCode] ?? 'Sign-in failed; please try again.') : null;
  const demo = demoMode();
  const needsSetup = !demo && !(await adminExists());

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      {one(sp.changed) === '1' && (
        <p role="status" data-testid="password-changed">
          Your password was changed and every session ended: sign in with the new password.
        </p>
      )}
      {needsSetup && (
        <p className="note" data-testid="needs-setup">
          This site has no admin yet. Open the one-time <strong>/setup</strong> link printed in the server log (or set
          LAYERLAB_ADMIN_EMAIL and LAYERLAB_ADMIN_PASSWORD and restart).
        </p>
      )}
      <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
      {demo && (
        <aside className="note" data-testid="demo-accounts">
          <strong>Demo mode:</strong> demo accounts, password <code>layerlab</code> (start with LAYERLAB_DEMO=0 for a real site):
          <ul>
            <li>
              <code>student@layerlab.test</code>, <code>student2@layerlab.test</code>
            </li>
            <li>
              <code>teacher@layerlab.test</code> (demo class), <code>teacher2@layerlab.test</code> (another class)
            </li>
            <li>
              <code>admin@layerlab.test</code>
            </li>
          </ul>
        </aside>
      )}
    </section>
  );
}
