import bcrypt from 'bcryptjs';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { db, Role } from '../db';
import { authSecret } from './secret';

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
  session: { strategy: 'jwt', maxAge: 7 * 24 * 60 * 60 },
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
          select: { id: true, email: true, name: true, role: true, passwordHash: true },
        });
        const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
        if (!user || !ok) return null;
        return { id: user.id, email: user.email, name: user.name, role: user.role };
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
      };
    },
  },
};
