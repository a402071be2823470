import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { databaseUrl } from './url';

// One client per process; Next dev reloads modules, so keep it on globalThis.
const globalForPrisma = globalThis as unknown as { layerlabPrisma?: PrismaClient };

export function createPrismaClient(url = databaseUrl()): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: 10 });
  return new PrismaClient({ adapter });
}

export const db: PrismaClient = globalForPrisma.layerlabPrisma ?? createPrismaClient();
if (process.env.NODE_ENV !== 'production') globalForPrisma.layerlabPrisma = db;

export type { PrismaClient };
