/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages that must not be bundled (native bindings, dynamic requires).
  serverExternalPackages: ['pg', 'pg-boss', '@prisma/client', '@prisma/adapter-pg', 'bcryptjs', 'shiki'],
  poweredByHeader: false,
  reactStrictMode: true,
};
module.exports = nextConfig;
