import type { Metadata } from 'next';
import { JoinPanel } from '../join-panel';

export const metadata: Metadata = { title: 'Join a class' };
export const dynamic = 'force-dynamic';

/** /join/<code>: the join form prefilled (signed-in students), or sign-up with the code (visitors). */
export default async function JoinCodePage(props: { params: Promise<{ code: string }> }) {
  const { code } = await props.params;
  let typed = code;
  try {
    typed = decodeURIComponent(code);
  } catch {
    // a malformed %-escape: show it as typed (the join route answers "no class has this code")
  }
  return <JoinPanel code={typed.slice(0, 32)} />;
}
