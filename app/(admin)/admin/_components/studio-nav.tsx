import Link from 'next/link';

/** The studio's own links, shown on every studio page. */
export function StudioNav() {
  return (
    <nav aria-label="Content studio" className="studio-nav">
      <Link href="/admin/lessons">Lessons</Link>
      <Link href="/admin/lessons/new">New lesson</Link>
      <Link href="/admin/categories">Categories</Link>
      <Link href="/admin/import">Import</Link>
      <a href="/api/admin/export" download>
        Export all (zip)
      </a>
    </nav>
  );
}
