import type { Role } from '@/lib/db/index';

export type NavItem = { href: string; label: string };

/** The header links a role sees (the pages check access themselves; this is only navigation). */
export function navItemsFor(role: Role | null): NavItem[] {
  // Lessons and lab descriptions are public (unless LAYERLAB_REQUIRE_SIGN_IN); submitting is not.
  if (!role) return [
    { href: '/lessons', label: 'Lessons' },
    { href: '/labs', label: 'Labs' },
  ];
  const items: NavItem[] = [
    { href: '/lessons', label: 'Lessons' },
    { href: '/labs', label: 'Labs' },
    { href: '/submissions', label: 'My submissions' },
  ];
  if (role === 'TEACHER' || role === 'ADMIN') items.push({ href: '/teacher', label: 'Teacher' });
  if (role === 'ADMIN') items.push({ href: '/admin', label: 'Admin' });
  return items;
}
