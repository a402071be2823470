import type { Metadata } from 'next';
import { JoinPanel } from '../join-panel';

export const metadata: Metadata = { title: 'Join a class' };
export const dynamic = 'force-dynamic';

/** /join/<code>: the join form prefilled (signed-in students), or sign-up with the code (visitors). */
export default async function JoinCodePage(props: { params: Promise<{ code: string }> }) {
  const { code } = await props.params;
  return <JoinPanel code={decodeURIComponent(code).slice(0, 32)} />;
}
