import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/e2e-auth';

// The whole loop through the browser: a student submits the reference Dockerfile of the
// cache-order lab, watches it graded by the real worker and sandbox engine, and sees the
// score; then the teacher sees that score in the class's gradebook.
const solution = fs.readFileSync(path.resolve('labs/cache-order/solution/Dockerfile'), 'utf8');

test('student submits in the browser, the score appears live, the teacher sees it', async ({ page, context }) => {
  await signIn(page, 'student@layerlab.test');

  // The lesson renders (Korean text, highlighted code).
  await page.goto('/lessons');
  await page.getByRole('link', { name: /도커 이미지와 이미지 레이어/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('도커 이미지와 이미지 레이어 이해하기');

  await page.goto('/labs/cache-order');
  const editor = page.getByLabel('Dockerfile');
  await editor.fill(solution);
  await page.getByTestId('submit-button').click();
  await page.waitForURL(/\/submissions\//);
  const submissionUrl = page.url();

  // Progress shows without a reload: build steps appear, then the score.
  await expect(page.getByText(/CACHED|RUN/).first()).toBeVisible({ timeout: 5 * 60_000 });
  const score = page.getByTestId('score');
  await expect(score).toBeVisible({ timeout: 5 * 60_000 });
  const text = (await score.textContent()) ?? '';
  const [got, max] = text.split('/').map((s) => Number(s.trim()));
  expect(max).toBeGreaterThan(0);
  expect(got).toBe(max);

  await context.clearCookies();
  await signIn(page, 'teacher@layerlab.test');
  await page.goto('/teacher');
  // The demo class lists cache-order as an assignment: its gradebook shows the score, linked.
  await page.getByRole('row').filter({ hasText: 'Demo class' }).getByRole('link', { name: 'Gradebook' }).click();
  const table = page.getByTestId('gradebook');
  const row = table.getByRole('row').filter({ hasText: 'Sora Student' });
  await expect(row).toContainText(`${got}`);
  // The cell links to the student's best submission (an earlier spec of the run may have made an
  // equally good one); the new one is open to the teacher too.
  await row.getByRole('link', { name: new RegExp(`^${got}`) }).first().click();
  await expect(page).toHaveURL(/\/submissions\//);
  await expect(page.getByTestId('score')).toContainText(`${got}`);
  await page.goto(submissionUrl);
  await expect(page.getByTestId('score')).toContainText(`${got}`);

  // Another student cannot open it.
  await context.clearCookies();
  await signIn(page, 'student2@layerlab.test');
  const res = await page.goto(submissionUrl);
  expect(res?.status()).toBe(404);
});
