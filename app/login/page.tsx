import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeCallbackPath } from '@/lib/auth/paths';
import { getCurrentUser } from '@/lib/auth/session';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

const ERRORS: Record<string, string> = {
  CredentialsSignin: 'Wrong email or password.',
  SessionRequired: 'Please sign in to see that page.',
};

export default async function LoginPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await props.searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const callbackUrl = safeCallbackPath(one(sp.callbackUrl));
  if (await getCurrentUser()) redirect(callbackUrl);
  const errorCode = one(sp.error);
  const initialError = errorCode ? (ERRORS[errorCode] ?? 'Sign-in failed; please try again.') : null;
  const demo = process.env.LAYERLAB_DEMO === '1';

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
      {demo && (
        <aside className="note" data-testid="demo-accounts">
          <strong>Demo accounts</strong> (password <code>layerlab</code>):
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
