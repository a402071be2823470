import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Not allowed' };

export default function ForbiddenPage() {
  return (
    <section className="narrow">
      <h1>Not allowed</h1>
      <p>Your account does not have access to that page.</p>
      <p>
        <Link href="/">Back to the start page</Link>
      </p>
    </section>
  );
}
