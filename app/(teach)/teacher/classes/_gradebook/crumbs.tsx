import Link from 'next/link';

/** Teacher › class › … breadcrumbs for the gradebook pages. */
export function ClassCrumbs({ classroom, trail = [] }: { classroom: { id: string; name: string }; trail?: { href?: string; label: string }[] }) {
  const base = `/teacher/classes/${encodeURIComponent(classroom.id)}`;
  return (
    <nav aria-label="Breadcrumbs" className="muted crumbs">
      <Link href="/teacher">Teacher</Link> / <Link href={base}>{classroom.name}</Link> / <Link href={`${base}/gradebook`}>Gradebook</Link>
      {trail.map((t) => (
        <span key={t.label}>
          {' / '}
          {t.href ? <Link href={t.href}>{t.label}</Link> : t.label}
        </span>
      ))}
    </nav>
  );
}
