import type { Role } from '../generated/prisma/enums';

// What our session callback puts into the session (see lib/auth/options.ts).
declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string; role: Role | null };
    /** The user's sessionVersion when this session began (lib/auth/session.ts compares it). */
    sv?: number;
    /** When this session began (signed in), seconds since the epoch: the lifetime counts from it. */
    signedInAt?: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    id?: string;
    role?: Role;
    sv?: number;
    signedInAt?: number;
  }
}
