// Prints the closing lines over every runner of `npm test`: the failed tests by name (file and
// title, with the first line of the error) so the end of a CI log says what broke, then
// "N passed, N failed". Tests that passed only on a retry are listed too.
import fs from 'node:fs';
import path from 'node:path';

function read(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const firstLine = (s: unknown) => String(s ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim()) ?? '';

let passed = 0;
let failed = 0;
let skipped = 0;
const failures: string[] = [];
/** Playwright tests that passed on a retry: named so a flaky test is seen, not hidden (vitest marks its own "(retry x1)"). */
const flaky: string[] = [];
const vitest = read('data/test-results/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += (vitest.numFailedTests ?? 0) + (vitest.numRuntimeErrorTestSuites ?? 0);
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  for (const file of vitest.testResults ?? []) {
    const rel = path.relative(process.cwd(), file.name ?? '');
    const bad = (file.assertionResults ?? []).filter((a: any) => a.status === 'failed');
    for (const a of bad) failures.push(`vitest ${rel} › ${a.fullName ?? a.title}: ${firstLine(a.failureMessages?.[0]).slice(0, 300)}`);
    if (bad.length === 0 && file.status === 'failed') failures.push(`vitest ${rel}: ${firstLine(file.message).slice(0, 300)}`);
  }
} else failed += 1;
const pw = read('data/test-results/playwright.json');
if (pw?.stats) {
  passed += (pw.stats.expected ?? 0) + (pw.stats.flaky ?? 0);
  failed += pw.stats.unexpected ?? 0;
  skipped += pw.stats.skipped ?? 0;
  if ((pw.errors ?? []).length) failed += 1;
  const walk = (suite: any, file: string) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === 'flaky') flaky.push(`playwright ${spec.file ?? file}:${spec.line ?? ''} › ${spec.title}`);
        if (t.status !== 'unexpected') continue;
        const err = t.results?.find((r: any) => r.error)?.error?.message;
        failures.push(`playwright ${spec.file ?? file}:${spec.line ?? ''} › ${spec.title}: ${firstLine(err).slice(0, 300)}`);
      }
    }
    for (const s of suite.suites ?? []) walk(s, suite.file ?? file);
  };
  for (const s of pw.suites ?? []) walk(s, s.file ?? '');
  for (const e of pw.errors ?? []) failures.push(`playwright: ${firstLine(e.message).slice(0, 300)}`);
} else failed += 1;
if (flaky.length) console.log(`Flaky (failed, then passed on retry):\n${flaky.map((f) => `  ~ ${f}`).join('\n')}`);
if (failures.length) console.log(`Failed:\n${failures.map((f) => `  ✗ ${f}`).join('\n')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
