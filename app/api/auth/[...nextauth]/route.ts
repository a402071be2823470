import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { withSignInThrottle } from '@/lib/auth/sign-in-route';

const handler = withSignInThrottle(NextAuth(authOptions));

export { handler as GET, handler as POST };
