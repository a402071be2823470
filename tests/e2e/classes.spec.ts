import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

// Classes end to end: a teacher creates a class (Asia/Seoul) and assigns cache-order with a due
// date; a new student signs up with the join code, sees the assignment on their home page with the
// due date in Asia/Seoul, submits the reference solution, which the real worker grades; a student
// of one class cannot see another class; a rotated code stops working.
const solution = fs.readFileSync(path.resolve('labs/cache-order/solution/Dockerfile'), 'utf8');

async function signIn(page: Page, email: string, password = 'layerlab') {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

test('teacher makes a class and an assignment; a new student signs up with the code, sees it and submits', async ({ page, context }) => {
  const stamp = Date.now().toString(36);
  const className = `E2E 도커 반 ${stamp}`;
  await signIn(page, 'teacher@layerlab.test');
  await page.goto('/teacher');
  await expect(page.getByTestId('classes')).toContainText('Demo class');
  const create = page.getByTestId('create-class');
  await create.getByLabel('Class name').fill(className);
  await create.getByLabel('Time zone').fill('Asia/Seoul');
  await create.getByRole('button', { name: 'Create class' }).click();
  await page.waitForURL(/\/teacher\/classes\/[^/]+$/);
  const classUrl = page.url();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(className);
  await expect(page.getByRole('link', { name: 'Gradebook' })).toHaveAttribute('href', /\/teacher\/classes\/[^/]+\/gradebook$/);

  // Assign cache-order, due 2030-12-01 23:59 in the class's zone.
  const form = page.getByTestId('new-assignment');
  await form.getByLabel('Lab').selectOption('cache-order');
  await form.getByLabel('Due (Asia/Seoul)').fill('2030-12-01T23:59');
  await form.getByRole('button', { name: 'Assign lab' }).click();
  await expect(page.getByTestId('assignments').getByTestId('due')).toHaveText('2030-12-01 23:59 (Asia/Seoul)');
  // A date that does not exist is a clear 400 message, not a stack trace.
  await form.getByLabel('Lab').selectOption('combine-run');
  await form.getByLabel('Opens (Asia/Seoul)').fill('2030-12-02T00:00');
  await form.getByLabel('Due (Asia/Seoul)').fill('2030-12-01T00:00');
  await form.getByRole('button', { name: 'Assign lab' }).click();
  await expect(form.getByRole('alert')).toHaveText('dueAt: the due date must come after the open date.');

  const code = (await page.getByTestId('join-code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z2-9]{8}$/);

  // A new student signs up with the code (a wrong code first: a clear message).
  await context.clearCookies();
  await page.goto('/join/WRONGCODE');
  const signUp = page.getByTestId('sign-up');
  await signUp.getByLabel('Your name').fill('새 학생');
  await signUp.getByLabel('Email').fill(`new-${stamp}@layerlab.test`);
  await signUp.getByLabel(/^Password/).fill('layers-all-the-way');
  await signUp.getByRole('button', { name: 'Create account and join' }).click();
  await expect(page.getByTestId('sign-up-error')).toContainText('No class has the join code "WRONGCODE"');
  await signUp.getByLabel('Join code').fill(code.toLowerCase());
  await signUp.getByLabel(/^Password/).fill('password123');
  await signUp.getByRole('button', { name: 'Create account and join' }).click();
  await expect(page.getByTestId('sign-up-error')).toContainText('common passwords');
  await signUp.getByLabel(/^Password/).fill('layers-all-the-way');
  await signUp.getByRole('button', { name: 'Create account and join' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, 새 학생');
  const row = page.getByTestId('my-assignments').locator(`tr[data-lab="cache-order"][data-class="${className}"]`);
  await expect(row.getByTestId('due')).toContainText('2030-12-01 23:59 (Asia/Seoul)');
  await expect(row.getByTestId('status')).toHaveText('not started');
  // Only their own class: nothing of the demo class.
  await expect(page.getByTestId('my-assignments')).not.toContainText('Demo class');

  // Submit the reference solution; the worker grades it.
  await row.getByRole('link').click();
  await page.waitForURL(/\/labs\/cache-order$/);
  await page.getByLabel('Dockerfile').fill(solution);
  await page.getByTestId('submit-button').click();
  await page.waitForURL(/\/submissions\//);
  const score = page.getByTestId('score');
  await expect(score).toBeVisible({ timeout: 5 * 60_000 });
  const [got, max] = ((await score.textContent()) ?? '').split('/').map((s) => Number(s.trim()));
  expect(max).toBeGreaterThan(0);
  expect(got).toBe(max);
  await expect(page.getByTestId('late')).toHaveCount(0);
  await page.goto('/');
  await expect(row.getByTestId('status')).toHaveText('full score');

  // The student cannot open the teacher's class page, nor another class's.
  for (const url of [classUrl, '/teacher']) {
    await page.goto(url);
    await expect(page).toHaveURL(/\/forbidden/);
  }

  // The teacher sees the student in the roster; a rotated code stops working.
  await context.clearCookies();
  await signIn(page, 'teacher@layerlab.test');
  await page.goto(classUrl);
  await expect(page.getByTestId('roster')).toContainText('새 학생');
  // At 390 px the page does not scroll sideways (wide tables scroll in their box) and names stay on one line.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // Every cell's content (names, headers, dates, buttons) is one line high: the text is measured, not the row.
  const wrapped = await page.evaluate(() =>
    [...document.querySelectorAll('.sticky-table th, .sticky-table td')].flatMap((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      const lineHeight = parseFloat(getComputedStyle(cell).lineHeight);
      return range.getBoundingClientRect().height > lineHeight * 1.5 ? [(cell.textContent ?? '').trim()] : [];
    }),
  );
  expect(wrapped).toEqual([]);
  expect(await page.locator('.sticky-table th.name').count()).toBeGreaterThan(1);
  await page.setViewportSize({ width: 1280, height: 800 });
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('rotate-code').click();
  await expect(page.getByTestId('join-code')).not.toHaveText(code);
  await context.clearCookies();
  await signIn(page, 'student2@layerlab.test');
  await page.goto(`/join/${code}`);
  await page.getByRole('button', { name: 'Join class' }).click();
  await expect(page.locator('p.error[role="alert"]')).toContainText(`No class has the join code "${code}"`);
  await page.goto('/');
  await expect(page.getByTestId('my-assignments')).not.toContainText(className);
});

test('the demo class shows an assignment due soon and one past due accepting late work; late submissions are marked', async ({ page }) => {
  await signIn(page, 'student2@layerlab.test');
  await page.goto('/');
  const list = page.getByTestId('my-assignments');
  await expect(list.locator('tr[data-lab="cache-order"] [data-testid="due"]')).toContainText('(Asia/Seoul)');
  await expect(list.locator('tr[data-lab="combine-run"] [data-testid="status"]')).toHaveText('not started · overdue');
  const res = await page.request.post('/api/labs/combine-run/submissions', { data: { files: { Dockerfile: 'FROM layerlab/node:18\n' } } });
  expect(res.status()).toBe(202);
  const { url } = await res.json();
  await page.goto(url);
  await expect(page.getByTestId('late').first()).toBeVisible();
  await page.goto('/submissions');
  await expect(page.getByTestId('my-submissions').getByTestId('late').first()).toBeVisible();
});
