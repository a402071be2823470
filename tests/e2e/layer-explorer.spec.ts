import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

// Issue 11, layer explorer: a student submits the cache-order reference Dockerfile (graded by the
// real worker and engine), opens the last build's layers on the submission page, expands the
// install layer with the keyboard, filters a path and hears the count change; it fits a phone.
const solution = fs.readFileSync(path.resolve('labs/cache-order/solution/Dockerfile'), 'utf8');

async function signIn(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('layerlab');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

test('a student explores the layers of a graded image and filters a path', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'student@layerlab.test');
  await page.goto('/labs/cache-order');
  await page.getByLabel('Dockerfile').fill(solution);
  await page.getByTestId('submit-button').click();
  await page.waitForURL(/\/submissions\//);
  await expect(page.getByTestId('score')).toBeVisible({ timeout: 5 * 60_000 });
  await page.reload();

  const explorer = page.getByTestId('layer-explorer');
  await expect(explorer.getByRole('heading', { name: 'Layers' })).toBeVisible();
  const build = explorer.getByTestId('layers-dep-edit');
  await expect(build.getByTestId('layer').first()).toContainText('base image layer');

  // Expand the install layer from the keyboard: its file tree shows with change markers in text.
  const install = build.getByRole('button', { name: /npm install/ });
  await expect(install).toHaveAttribute('aria-expanded', 'false');
  await install.focus();
  await page.keyboard.press('Enter');
  await expect(install).toHaveAttribute('aria-expanded', 'true');
  const panel = page.locator(`#${await install.getAttribute('aria-controls')}`);
  await expect(panel.getByTestId('layer-file').first()).toBeVisible();
  await expect(panel.getByTestId('layer-file').first()).toContainText('added');
  await expect(panel.getByTestId('more-files')).toContainText(/\d+ more files not listed/);
  const before = await panel.getByTestId('layer-file').count();

  // Filter as you type; the polite live region announces the new count.
  const status = build.getByTestId('layer-filter-count');
  await expect(status).toHaveAttribute('aria-live', 'polite');
  const listed = Number(/^(\d+) files listed/.exec((await status.textContent()) ?? '')?.[1]);
  expect(listed).toBeGreaterThan(0);
  await build.getByLabel('Filter files by path').fill('node_modules/dayjs');
  await expect(status).toContainText(/^\d+ of \d+ listed files match “node_modules\/dayjs”/);
  const matching = Number(/^(\d+) of/.exec((await status.textContent()) ?? '')?.[1]);
  expect(matching).toBeGreaterThan(0);
  expect(matching).toBeLessThan(listed);
  const shown = panel.getByTestId('layer-file');
  expect(await shown.count()).toBe(matching);
  expect(await shown.count()).toBeLessThan(before);
  for (const p of await shown.evaluateAll((els) => els.map((e) => e.getAttribute('data-path') ?? ''))) expect(p).toContain('node_modules/dayjs');

  // Collapse again with the keyboard.
  await install.focus();
  await page.keyboard.press('Space');
  await expect(install).toHaveAttribute('aria-expanded', 'false');
  await expect(panel).toBeHidden();

  // A 390-px phone: expanded, nothing overflows the page.
  await page.setViewportSize({ width: 390, height: 800 });
  await install.click();
  await expect(panel.getByTestId('layer-file').first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(errors).toEqual([]);
});
