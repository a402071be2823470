import type { ReactNode } from 'react';
import { requireUser } from '@/lib/auth/session';
import { Role } from '@/lib/db/index';

// Teachers and admins only. Each page checks again: a layout is not re-run on every navigation.
export default async function TeachLayout({ children }: { children: ReactNode }) {
  await requireUser([Role.TEACHER, Role.ADMIN]);
  return <>{children}</>;
}
