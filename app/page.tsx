import Link from 'next/link';
import { getCurrentUser } from '@/lib/auth/session';
import { Role } from '@/lib/db/index';
import { MyAssignments } from './_components/my-assignments';
import { navItemsFor } from './_components/nav';

export const dynamic = 'force-dynamic';

const DESCRIPTIONS: Record<string, string> = {
  '/lessons': 'Read how images are built from layers and how the build cache works.',
  '/labs': 'Write Dockerfiles and have them graded by real Docker builds.',
  '/submissions': 'Follow your submissions, their build steps and scores.',
  '/teacher': 'Your classes: join codes, students, assignments and gradebooks.',
  '/admin': 'Manage lessons and accounts.',
};

export default async function HomePage() {
  const user = await getCurrentUser();
  if (!user) {
    return (
      <section className="hero">
        <h1>LayerLab</h1>
        <p className="lead">
          Learn how Docker images are made of layers, and how the build cache decides what runs again. Every lab is
          graded by a real <code>docker build</code>: you see each step, whether it came from the cache, and why you
          earned each point.
        </p>
        <p>
          <Link className="button" href="/login">
            Sign in
          </Link>{' '}
          <Link className="button button--ghost" href="/lessons">
            Browse lessons
          </Link>
        </p>
      </section>
    );
  }
  const items = navItemsFor(user.role);
  return (
    <section>
      <h1>Welcome, {user.name}</h1>
      {user.role === Role.STUDENT ? <MyAssignments userId={user.id} /> : null}
      <ul className="card-grid">
        {items.map((item) => (
          <li key={item.href} className="card">
            <Link href={item.href}>
              <strong>{item.label}</strong>
            </Link>
            <p className="muted">{DESCRIPTIONS[item.href]}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
