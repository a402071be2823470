export { db, createPrismaClient } from './client';
export { databaseUrl, usingEmbeddedPostgres } from './url';
export * from '../generated/prisma/enums';
