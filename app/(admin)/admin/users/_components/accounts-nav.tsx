import Link from 'next/link';

/** The account pages' own links. */
export function AccountsNav() {
  return (
    <nav aria-label="Accounts" className="studio-nav">
      <Link href="/admin/users">Accounts</Link>
      <Link href="/admin/users/import">Import from CSV</Link>
      <Link href="/admin/settings">Settings</Link>
    </nav>
  );
}
