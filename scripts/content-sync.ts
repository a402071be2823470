// npm run content:sync -- <dir> [--dry-run]
// Import every .md/.mdx document below <dir> (and <dir>/categories.yaml, as in an unpacked export)
// through the same plan as the studio's upload: print the dry run, then apply it in one transaction
// (unless --dry-run). Exit codes: 0 done (or dry run clean), 1 invalid documents (nothing written),
// 2 usage error or the database failed.
import path from 'node:path';
import { db } from '../lib/db';
import { readImportDirectory } from '../lib/content/import-files';
import { runImport, type ImportPlan } from '../lib/content/import-plan';
import { pingRevalidate } from '../lib/content/revalidate';
import { env } from '../lib/env';

const USAGE = 'usage: npm run content:sync -- <dir> [--dry-run]';

/** The plan as lines for a terminal: one per document, then the counts. */
export function formatPlan(plan: ImportPlan): string[] {
  const lines: string[] = [];
  for (const c of plan.categories) if (c.status !== 'unchanged') lines.push(`category ${c.status.padEnd(9)} ${c.path}`);
  if (plan.manifestError) lines.push(`categories.yaml invalid: ${plan.manifestError}`);
  for (const d of plan.documents) {
    lines.push(`${d.status.padEnd(9)} ${d.name}${d.slug ? ` → ${d.slug}` : ''}${d.deleted ? ' (deleted lesson, stays deleted)' : ''}`);
    for (const i of d.issues ?? []) lines.push(`          line ${i.line}: ${i.field}: ${i.message}`);
  }
  for (const s of plan.skipped) lines.push(`skipped   ${s}`);
  const c = plan.counts;
  lines.push(`${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.invalid} invalid`);
  return lines;
}

export async function main(argv: string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const rest = argv.filter((a) => a !== '--dry-run');
  if (rest.length !== 1 || rest[0].startsWith('-')) {
    out(USAGE);
    return 2;
  }
  const dir = path.resolve(rest[0]);
  let bundle;
  try {
    bundle = readImportDirectory(dir);
  } catch {
    out(`content:sync: ${rest[0]} is not a readable directory`);
    return 2;
  }
  if (bundle.documents.length === 0 && bundle.problems.length === 0 && !bundle.manifest) {
    out(`content:sync: no .md or .mdx documents in ${rest[0]}`);
    return 2;
  }
  const plan = await runImport(bundle, { apply: false });
  out(`Dry run of ${rest[0]}:`);
  for (const l of formatPlan(plan)) out(`  ${l}`);
  if (plan.counts.invalid > 0 || plan.manifestError) {
    out('Nothing was written: fix the invalid documents first.');
    return 1;
  }
  if (dryRun) return 0;
  if (plan.counts.created + plan.counts.updated === 0 && !plan.categories.some((c) => c.status !== 'unchanged')) {
    out('Nothing to apply.');
    return 0;
  }
  const applied = await runImport(bundle, { apply: true });
  if (!applied.applied) {
    // The content changed between the dry run and the apply: show what blocked it.
    for (const l of formatPlan(applied)) out(`  ${l}`);
    out('Nothing was written.');
    return 1;
  }
  const c = applied.counts;
  // A web app already running on PORT keeps cached lesson pages: ask it to drop them.
  out(await pingRevalidate(`http://127.0.0.1:${env().PORT}`));
  out(`Applied in one transaction: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged.`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  main(process.argv.slice(2))
    .then(async (code) => {
      await db.$disconnect();
      process.exit(code);
    })
    .catch(async (err) => {
      process.stderr.write(`content:sync failed: ${err instanceof Error ? err.message : String(err)}\n`);
      await db.$disconnect().catch(() => {});
      process.exit(2);
    });
}
