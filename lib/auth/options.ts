import bcrypt from 'bcryptjs';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { db, Role } from '../db';
import { authSecret } from './secret';
import { SESSION_LIFETIME_MAX_HOURS, usablePasswordHash } from './session-rules';

const CredentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

// Compared against when the e-mail is unknown, so both paths cost one bcrypt round.
const DUMMY_HASH = '$2b$10$sCuSjV3fsFcXSOQRr.yuC.DKVwbTuNNZnbHSeEeAArw6nxWxH61Fu';

const ROLES = new Set<string>(Object.values(Role));

export const authOptions: NextAuthOptions = {
  // A getter: the secret is resolved (and the file written) on first use, not at import/build.
  get secret() {
    return authSecret();
  },
  // The cookie may live as long as the longest allowed setting; getCurrentUser enforces the
  // sessionLifetimeHours site setting from the sign-in time (lib/auth/session.ts).
  session: { strategy: 'jwt', maxAge: SESSION_LIFETIME_MAX_HOURS * 3600 },
  pages: { signIn: '/login', error: '/login' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials) {
        const parsed = CredentialsSchema.safeParse(credentials ?? {});
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const user = await db.user.findUnique({
          where: { email },
          select: { id: true, email: true, name: true, role: true, passwordHash: true, disabledAt: true, sessionVersion: true },
        });
        // An account without a password yet (created by an admin, link not used) has no usable hash:
        // compare with the dummy anyway so every refusal costs the same.
        const hash = user && usablePasswordHash(user.passwordHash) ? user.passwordHash : DUMMY_HASH;
        const ok = (await bcrypt.compare(password, hash)) && hash !== DUMMY_HASH;
        if (!user || !ok || user.disabledAt) return null;
        return { id: user.id, email: user.email, name: user.name, role: user.role, sv: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.id = user.id;
        token.name = user.name;
        token.email = user.email;
        token.role = (user as { role?: Role }).role;
        token.sv = (user as { sv?: number }).sv ?? 0;
        token.signedInAt = Math.floor(Date.now() / 1000);
      }
      return token;
    },
    async session({ session, token }) {
      const role = typeof token.role === 'string' && ROLES.has(token.role) ? (token.role as Role) : null;
      return {
        ...session,
        user: {
          id: typeof token.id === 'string' ? token.id : (token.sub ?? ''),
          email: token.email ?? '',
          name: token.name ?? '',
          role,
        },
        sv: typeof token.sv === 'number' ? token.sv : undefined,
        signedInAt: typeof token.signedInAt === 'number' ? token.signedInAt : undefined,
      };
    },
  },
  events: {
    // Sign-out ends every session of this user, on every device (the JWT cannot be recalled, so
    // the version it carries is made stale; docs/security.md). Only the current version is bumped:
    // signing out of an already revoked session changes nothing.
    async signOut({ token }) {
      if (typeof token?.id === 'string' && typeof token.sv === 'number') {
        await db.user.updateMany({ where: { id: token.id, sessionVersion: token.sv }, data: { sessionVersion: { increment: 1 } } });
      }
    },
  },
};
