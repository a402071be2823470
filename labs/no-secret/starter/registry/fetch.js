#!/usr/bin/env node
/*
 * A stand-in for a private package registry (the build has no network).
 *
 *   node registry/fetch.js <token-file> <package> <destination folder>
 *   REGISTRY_TOKEN=... node registry/fetch.js - <package> <destination folder>
 *
 * Like a real registry it only serves a client that presents the right token: it compares the
 * token's SHA-256 with registry/authorized.sha256, then copies registry/packages/<package>/ into
 * <destination>/<package>/. The token itself is never written anywhere.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const [tokenFile, pkg, dest] = process.argv.slice(2);
if (!tokenFile || !pkg || !dest) {
  console.error('usage: node registry/fetch.js <token-file | -> <package> <destination folder>');
  process.exit(2);
}
let token = tokenFile === '-' ? process.env.REGISTRY_TOKEN || '' : '';
if (tokenFile !== '-') {
  try {
    token = fs.readFileSync(tokenFile, 'utf8');
  } catch (err) {
    console.error(`registry: cannot read the token file ${tokenFile}: ${err.code || err.message}`);
    process.exit(1);
  }
}
token = token.trim();
const expected = fs.readFileSync(path.join(__dirname, 'authorized.sha256'), 'utf8').trim();
const actual = crypto.createHash('sha256').update(token).digest('hex');
if (!token || actual !== expected) {
  console.error('registry: 401 Unauthorized (missing or wrong token)');
  process.exit(1);
}
const from = path.join(__dirname, 'packages', pkg);
if (!fs.existsSync(from)) {
  console.error(`registry: 404 Not Found: ${pkg}`);
  process.exit(1);
}
const to = path.join(dest, pkg);
fs.mkdirSync(to, { recursive: true });
for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(to, name));
console.log(`registry: 200 OK, ${pkg} saved to ${to}`);
