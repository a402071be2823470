import type { Metadata } from 'next';
import { JoinPanel } from './join-panel';

export const metadata: Metadata = { title: 'Join a class' };
export const dynamic = 'force-dynamic';

/** Join a class with a code: students join; visitors go on to /join/<code> to sign up or sign in. */
export default async function JoinPage() {
  return <JoinPanel code="" />;
}
