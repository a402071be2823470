import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { parseStoredReport } from '../../lib/grading/report';
import { userId, withDb } from '../helpers/e2e-db';

// Compare two submissions (issue 11 part 3): two GRADED cache-order submissions of one student with
// stored reports are written straight into the database (no grader run), then the student opens the
// comparison from the submission page's picker and sees the differences marked in words.

type Step = [instruction: string, cached: boolean, sizeBytes: number, durationMs: number];
function report(score: number, orderPassed: boolean, edit: Step[]) {
  const build = (name: string, steps: Step[]) => ({
    name,
    ok: true,
    durationMs: steps.reduce((s, x) => s + x[3], 0),
    steps: steps.map(([instruction, cached, sizeBytes, durationMs], i) => ({ n: i + 1, line: i + 1, instruction, cached, sizeBytes, durationMs })),
  });
  const r = {
    lab: 'cache-order',
    score,
    maxScore: 100,
    checks: [
      { id: 'builds', title: 'The image builds', passed: true, points: 40, maxPoints: 40, feedback: '' },
      { id: 'order', title: 'Dependencies are installed before the sources are copied', passed: orderPassed, points: orderPassed ? 60 : 0, maxPoints: 60, feedback: '' },
    ],
    builds: [build('edit-source', edit)],
  };
  // The seeded report must pass the one report contract, or the page would show nothing.
  expect(parseStoredReport(r)).not.toBeNull();
  return r;
}

const BEFORE = report(40, false, [
  ['FROM layerlab/node:18', true, 0, 0],
  ['WORKDIR /app', true, 0, 5],
  ['COPY . .', false, 2_000, 40],
  ['RUN npm ci', false, 4_500_000, 9_000],
  ['CMD ["node", "src/app.js"]', false, 0, 10],
]);
const AFTER = report(100, true, [
  ['FROM layerlab/node:18', true, 0, 0],
  ['WORKDIR /app', true, 0, 5],
  ['COPY package.json package-lock.json ./', true, 1_000, 5],
  ['RUN npm ci', true, 4_500_000, 5],
  ['COPY . .', false, 2_000, 40],
  ['CMD ["node", "src/app.js"]', false, 0, 10],
]);

async function seed(): Promise<{ before: string; after: string }> {
  return withDb(async (c) => {
    const student = await userId(c, 'student@layerlab.test');
    const insert = async (r: ReturnType<typeof report>, minutesAgo: number) => {
      const id = randomUUID();
      await c.query(
        `INSERT INTO "Submission" (id, "userId", "labId", files, status, score, "maxScore", report, "createdAt", "finishedAt")
         VALUES ($1, $2, 'cache-order', $3, 'GRADED', $4, 100, $5, now() - ($6 || ' minutes')::interval, now())`,
        [id, student, JSON.stringify({ Dockerfile: 'FROM layerlab/node:18\n' }), r.score, JSON.stringify(r), String(minutesAgo)],
      );
      return id;
    };
    return { before: await insert(BEFORE, 30), after: await insert(AFTER, 10) };
  });
}

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill('student@layerlab.test');
  await page.getByLabel('Password').fill('layerlab');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

test('a student compares two of their submissions: steps aligned, cache flips, checks and sizes marked', async ({ page }) => {
  const { before, after } = await seed();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page);

  // Entry point: the later submission's page offers the earlier one.
  await page.goto(`/submissions/${after}`);
  const picker = page.getByTestId('compare-with');
  await picker.getByLabel('Compare with').selectOption(before);
  await picker.getByRole('button', { name: 'Compare' }).click();
  await page.waitForURL(/\/submissions\/compare\?/);
  const url = new URL(page.url());
  expect([url.searchParams.get('a'), url.searchParams.get('b')]).toEqual([after, before]);

  // A is the earlier submission whatever the order of the ids.
  await expect(page.getByText(/^A \(earlier\):/)).toBeVisible();
  await expect(page.getByTestId('compare-summary')).toContainText('A 40 / 100');
  await expect(page.getByTestId('compare-summary')).toContainText('B 100 / 100');
  await expect(page.getByTestId('compare-summary')).toContainText('B − A +60');

  const checks = page.getByTestId('compare-checks');
  const order = checks.locator('tr', { hasText: 'Dependencies are installed' });
  await expect(order).toContainText('≠ changed');
  await expect(order).toContainText('✗ fail 0/60');
  await expect(order).toContainText('✓ pass 60/60');
  await expect(order).toContainText('+60');
  await expect(checks.locator('tr', { hasText: 'The image builds' })).toContainText('= same');

  const steps = page.getByTestId('compare-steps-edit-source');
  const row = (instruction: string) => steps.locator(`tr[data-instruction="${instruction}"]`);
  await expect(row('COPY package.json package-lock.json ./')).toContainText('+ only in B');
  await expect(row('RUN npm ci')).toContainText('≠ changed');
  await expect(row('RUN npm ci')).toContainText('↑ now cached');
  await expect(row('RUN npm ci')).toContainText('built → cached');
  await expect(row('FROM layerlab/node:18')).toContainText('= same');
  // The moved COPY . . is one row removed where it was and one added where it went.
  await expect(steps.locator('tr[data-instruction="COPY . ."][data-mark="removed"]')).toContainText('− only in A');
  await expect(steps.locator('tr[data-instruction="COPY . ."][data-mark="added"]')).toContainText('+ only in B');
  await expect(page.getByTestId('compare-build-edit-source')).toContainText('B − A: time −9.0 s, layers +1.00 kB');

  // On a 390-px phone the tables scroll inside their box; instructions and titles stay on one line.
  await page.setViewportSize({ width: 390, height: 800 });
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(pageWidth).toBeLessThanOrEqual(390);
  const wrap = steps.locator('xpath=..');
  const [scrollW, clientW] = await wrap.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(scrollW).toBeGreaterThan(clientW);
  const code = row('COPY package.json package-lock.json ./').locator('code');
  const lineHeight = await code.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 20);
  expect((await code.boundingBox())!.height).toBeLessThan(lineHeight * 1.6);
  // The long check title wraps between words in a column narrower than the screen, so the sticky
  // first column leaves room for the scores; a word is never broken letter by letter.
  const title = order.locator('th');
  const box = (await title.boundingBox())!;
  expect(box.width).toBeLessThan(300);
  expect(box.height).toBeLessThan(100);
  expect(errors).toEqual([]);
});

test('the submissions list compares any two of one lab; two labs get a clear message', async ({ page }) => {
  const { before, after } = await seed();
  await signIn(page);
  await page.goto('/submissions');
  const form = page.getByTestId('compare-pair');
  // By name, not by label: the label wraps the select, so its text holds every option's (e.g. "AM").
  await form.locator('select[name="a"]').selectOption(before);
  await form.locator('select[name="b"]').selectOption(after);
  await form.getByRole('button', { name: 'Compare' }).click();
  await page.waitForURL(/\/submissions\/compare\?/);
  await expect(page.getByTestId('compare-summary')).toContainText('difference');

  const other = await withDb(async (c) => {
    const id = randomUUID();
    await c.query(
      `INSERT INTO "Submission" (id, "userId", "labId", files, status, score, "maxScore", "finishedAt") VALUES ($1, $2, 'no-secret', '{}', 'GRADED', 10, 100, now())`,
      [id, await userId(c, 'student@layerlab.test')],
    );
    return id;
  });
  await page.goto(`/submissions/compare?a=${before}&b=${other}`);
  await expect(page.getByTestId('compare-message')).toContainText('only submissions of the same lab can be compared');
  expect((await page.request.get(`/submissions/compare?a=${before}&b=no-such-submission`)).status()).toBe(404);
});
