import type { ReactNode } from 'react';
import { requireUser } from '@/lib/auth/session';
import { Role } from '@/lib/db/index';

// Admins only. Each page checks again: a layout is not re-run on every navigation.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireUser([Role.ADMIN], '/admin');
  return <>{children}</>;
}
