import type { Role } from '../generated/prisma/enums';

// What our session callback puts into the session (see lib/auth/options.ts).
declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string; role: Role | null };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    id?: string;
    role?: Role;
  }
}
