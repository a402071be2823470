import Link from 'next/link';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password-policy';
import { loginPath } from '@/lib/auth/paths';
import { getCurrentUser } from '@/lib/auth/session';
import { Role } from '@/lib/db/index';
import { getSiteSetting } from '@/lib/settings/site-settings';
import { JoinForm, SignUpForm } from './join-forms';

/**
 * What /join and /join/<code> show, by who is asking. The code is not looked up here (only the
 * throttled POST routes do), so these pages cannot be used to test codes.
 */
export async function JoinPanel({ code }: { code: string }) {
  const user = await getCurrentUser();
  const here = code ? `/join/${encodeURIComponent(code)}` : '/join';
  if (user && user.role !== Role.STUDENT) {
    return (
      <section className="narrow">
        <h1>Join a class</h1>
        <p>Only student accounts join classes with a code. A teacher of the class can add you as a co-teacher.</p>
      </section>
    );
  }
  if (user) {
    return (
      <section className="narrow">
        <h1>Join a class</h1>
        <p className="muted">Type the code your teacher gave you. You can belong to several classes.</p>
        <JoinForm initialCode={code} mode="join" />
      </section>
    );
  }
  if (!code) {
    return (
      <section className="narrow">
        <h1>Join a class</h1>
        <JoinForm initialCode="" mode="go" />
        <p className="muted">
          Already have an account? <Link href={loginPath(here)}>Sign in</Link> first.
        </p>
      </section>
    );
  }
  const signUpEnabled = await getSiteSetting('signUpEnabled');
  return (
    <section className="narrow">
      <h1>Join a class</h1>
      <p>
        Already have an account? <Link href={loginPath(here)}>Sign in</Link> and join with the code.
      </p>
      {signUpEnabled ? (
        <>
          <h2>New here? Create a student account</h2>
          <SignUpForm code={code} minPasswordLength={MIN_PASSWORD_LENGTH} />
        </>
      ) : (
        <p className="note" data-testid="sign-up-off">
          Sign-up is turned off on this site; ask your teacher for an account.
        </p>
      )}
    </section>
  );
}
