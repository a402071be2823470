import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { signIn } from '../helpers/e2e-auth';

// Issue 11, the student's journey through the browser: on the cache-order lab a student types the
// lesson's bad-order Dockerfile and watches the cache prediction, submits it (graded by the real
// worker and sandbox engine), comes back, types the reference solution and sees the prediction
// change (the install step now cached for a source edit), submits it for full marks, explores the
// graded image's layers with the keyboard, filters a path, checks the page on a 390-px phone, and
// compares the two submissions.
//
// As student2@ (not student@: submit-and-teacher.spec and compare.spec work with that student's
// cache-order submissions). Other specs may have graded cache-order for student2@ before this one
// (the responsive walk does): nothing here counts that student's submissions.
const LAB = 'labs/cache-order';
const badOrder = fs.readFileSync(path.resolve(LAB, 'wrong/bad-order/Dockerfile'), 'utf8');
const solution = fs.readFileSync(path.resolve(LAB, 'solution/Dockerfile'), 'utf8');
// What the lab pins for the bad order (wrong/bad-order/expect.yaml): only the source-edit check fails.
const badOrderScore = Number(/^score:\s*(\d+)/m.exec(fs.readFileSync(path.resolve(LAB, 'wrong/bad-order/expect.yaml'), 'utf8'))?.[1]);

/** A grade runs three real builds (one with `npm install`) on a busy 2-core box, maybe behind other specs' grades. */
const GRADE_TIMEOUT = 10 * 60_000;

/** Empties the editor and types `text` key by key, as a student would (Enter for each newline). */
async function typeInto(editor: Locator, text: string) {
  await editor.click();
  await editor.press('Control+a');
  await editor.press('Delete');
  await expect(editor).toHaveValue('');
  await editor.pressSequentially(text);
}

/** The cache predictor's part for one of the lab's builds, found by the build's description. */
function predicted(page: Page, description: string) {
  const build = page.getByTestId('cache-prediction').locator('details').filter({ hasText: description });
  const stepRow = (instruction: string) => build.getByRole('row').filter({ hasText: instruction });
  return { build, counts: build.getByTestId('prediction-counts'), first: build.getByTestId('prediction-first'), stepRow };
}

/** Submits the form, lands on the new submission's page and waits for the real grade; returns the submission id. */
async function submitAndWaitForScore(page: Page, score: string): Promise<string> {
  await page.getByRole('button', { name: 'Submit for grading' }).click();
  await page.waitForURL(/\/submissions\/[^/]+$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByTestId('score')).toHaveText(score, { timeout: GRADE_TIMEOUT });
  // Screen readers hear the result once, in the polite status region.
  await expect(page.getByTestId('status-announcer')).toHaveText(`Graded: score ${score.replace(' / ', ' of ')}.`);
  // The report compares the lab page's prediction with what the engine did: it was right for every step.
  await expect(page.getByTestId('report').getByTestId('prediction-summary')).toHaveText(/right for (\d+) of \1 steps of the builds after the first\.$/);
  return id;
}

test('a student types a Dockerfile, watches the prediction, submits twice, explores the layers and compares', async ({ page }) => {
  test.setTimeout(2 * GRADE_TIMEOUT + 5 * 60_000);
  expect(badOrderScore).toBeGreaterThan(0);
  expect(badOrderScore).toBeLessThan(100);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'student2@layerlab.test');

  // --- The bad order: everything is copied before `npm install`. -------------------------------
  await page.goto('/labs/cache-order');
  const editor = page.getByRole('textbox', { name: 'Dockerfile' });
  const sourceEdit = predicted(page, 'Only the source code changes');
  const depEdit = predicted(page, 'A dependency is added to package.json');
  // Halfway through typing: the base and WORKDIR steps only, all cached after an edit.
  const [head, rest] = [badOrder.slice(0, badOrder.indexOf('\n\n') + 1), badOrder.slice(badOrder.indexOf('\n\n') + 1)];
  expect(head).toBe('FROM layerlab/node:18\nWORKDIR /app\n');
  await typeInto(editor, head);
  await expect(sourceEdit.counts).toHaveText('1 cached, 0 run again');
  await expect(sourceEdit.first).toHaveCount(0);
  // The rest: `COPY . .` takes the edited src/app.js, so it and every step after it run again.
  await editor.pressSequentially(rest);
  await expect(editor).toHaveValue(badOrder);
  await expect(sourceEdit.counts).toHaveText('1 cached, 4 run again');
  await expect(sourceEdit.first).toHaveText('First step that runs again: line 5 COPY . . — copied files changed: src/app.js.');
  await expect(sourceEdit.stepRow('RUN npm install')).toContainText('runs again');
  await expect(depEdit.counts).toHaveText('1 cached, 4 run again');
  // Against source-edit (the build before), only package.json changed: src/app.js is not named again.
  await expect(depEdit.first).toHaveText('First step that runs again: line 5 COPY . . — copied files changed: package.json.');
  // The same, in words, for screen readers (a polite live region).
  await expect(page.getByTestId('cache-prediction').getByTestId('prediction-summary')).toContainText(
    'Build source-edit: 1 cached, 4 run again. First to run again: line 5.',
  );

  const badId = await submitAndWaitForScore(page, `${badOrderScore} / 100`);
  const report = page.getByTestId('report');
  const failedCheck = report.getByRole('region', { name: 'Checks', exact: true }).getByRole('row').filter({ hasText: 'Editing source code keeps' });
  await expect(failedCheck).toContainText('fail');
  await expect(failedCheck).toContainText('0 / 40');
  await expect(failedCheck).toContainText('How to fix it');

  // --- Back to the lab: the reference solution copies package*.json first. ---------------------
  await page.getByRole('heading', { level: 1 }).getByRole('link', { name: 'Order your Dockerfile for the build cache' }).click();
  await page.waitForURL(/\/labs\/cache-order$/);
  // The editor opens with the last submission; the page lists it.
  await expect(editor).toHaveValue(badOrder);
  const listedBad = page.getByTestId('lab-submissions').getByRole('row').filter({ has: page.locator(`a[href="/submissions/${badId}"]`) });
  await expect(listedBad).toContainText(`${badOrderScore} / 100`);
  const install = solution.indexOf('RUN npm install\n') + 'RUN npm install\n'.length;
  await typeInto(editor, solution.slice(0, install));
  // Up to the install: a source edit now leaves everything cached.
  await expect(sourceEdit.counts).toHaveText('3 cached, 0 run again');
  await expect(sourceEdit.first).toHaveCount(0);
  await editor.pressSequentially(solution.slice(install));
  await expect(editor).toHaveValue(solution);
  await expect(sourceEdit.counts).toHaveText('3 cached, 2 run again');
  await expect(sourceEdit.first).toHaveText('First step that runs again: line 9 COPY src/ ./src/ — copied files changed: src/app.js.');
  await expect(sourceEdit.stepRow('RUN npm install')).toContainText('cached');
  await expect(sourceEdit.stepRow('RUN npm install')).not.toContainText('runs again');
  // A dependency change still reinstalls, from the package files' COPY on.
  await expect(depEdit.counts).toHaveText('1 cached, 4 run again');
  await expect(depEdit.first).toHaveText('First step that runs again: line 5 COPY package*.json ./ — copied files changed: package.json.');
  await expect(depEdit.stepRow('RUN npm install')).toContainText('runs again');

  const goodId = await submitAndWaitForScore(page, '100 / 100');
  expect(goodId).not.toBe(badId);

  // --- The layer explorer: it follows the score (saved first) in the live page, no reload. ---------
  const explorer = page.getByTestId('layer-explorer');
  await expect(explorer.getByRole('heading', { name: 'Layers' })).toBeVisible({ timeout: 3 * 60_000 });
  await expect(page.getByTestId('layers-pending')).toHaveCount(0);
  // Every build's final image, the last one first; another is one radio away.
  const buildPicker = explorer.getByRole('group', { name: 'Image of build' });
  await expect(buildPicker.getByRole('radio')).toHaveCount(3);
  await expect(buildPicker.getByRole('radio', { name: /dep-edit/ })).toBeChecked();
  await buildPicker.getByRole('radio', { name: /initial/ }).check();
  await expect(explorer.getByTestId('layers-initial').getByTestId('layer').first()).toContainText('base image layer');
  await expect(explorer.getByTestId('layers-dep-edit')).toHaveCount(0);
  await buildPicker.getByRole('radio', { name: /dep-edit/ }).check();
  const build = explorer.getByTestId('layers-dep-edit');
  await expect(build.getByRole('heading', { name: 'Build dep-edit' })).toBeVisible();
  await expect(build.getByTestId('layer').first()).toContainText('base image layer');
  const installLayer = build.getByRole('button', { name: /npm install/ });
  await expect(installLayer).toHaveAttribute('aria-expanded', 'false');
  await expect(installLayer).toContainText('line 6');

  // Keyboard only: from the build's filter field, Tab through the layers to the install layer, Enter.
  const filter = build.getByRole('searchbox', { name: 'Filter files by path' });
  await filter.focus();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if (await installLayer.evaluate((el) => el === document.activeElement)) break;
  }
  await expect(installLayer).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(installLayer).toHaveAttribute('aria-expanded', 'true');
  const panel = page.locator(`#${await installLayer.getAttribute('aria-controls')}`);
  const files = panel.getByTestId('layer-file');
  await expect(files.first()).toBeVisible();
  // Changes are marked in words, not colour only; the report's caps are said out loud.
  await expect(files.first()).toContainText('added');
  await expect(panel.getByTestId('more-files')).toContainText(/\d+ more files not listed/);
  const before = await files.count();

  // Filter as you type; the polite status announces the new count.
  const status = build.getByRole('status');
  await expect(status).toHaveAttribute('aria-live', 'polite');
  await expect(status).toHaveText(/^\d+ files listed\.$/);
  const listed = Number(/^(\d+) files listed/.exec((await status.textContent()) ?? '')?.[1]);
  expect(listed).toBeGreaterThan(0);
  await filter.focus();
  await page.keyboard.type('node_modules/dayjs');
  await expect(status).toHaveText(/^\d+ of \d+ listed files match “node_modules\/dayjs”\.$/);
  const [matching, of] = (/^(\d+) of (\d+)/.exec((await status.textContent()) ?? '') ?? []).slice(1).map(Number);
  expect(of).toBe(listed);
  expect(matching).toBeGreaterThan(0);
  expect(matching).toBeLessThan(listed);
  // Only the install layer holds dayjs: its tree shows exactly the matching files, every one under that path.
  await expect(files).toHaveCount(matching);
  expect(matching).toBeLessThan(before);
  await expect(installLayer).toContainText(`${matching} listed match`);
  for (const p of await files.evaluateAll((els) => els.map((e) => e.getAttribute('data-path') ?? ''))) expect(p).toContain('node_modules/dayjs');
  await expect(panel).toContainText('dayjs/');

  // Collapse and open again with the keyboard (Space).
  await installLayer.focus();
  await page.keyboard.press('Space');
  await expect(installLayer).toHaveAttribute('aria-expanded', 'false');
  await expect(panel).toBeHidden();
  await page.keyboard.press('Space');
  await expect(installLayer).toHaveAttribute('aria-expanded', 'true');
  await expect(files).toHaveCount(matching);

  // A 390-px phone: with the layer open and filtered, the document does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(files.first()).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
    .toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });

  // --- Compare the two submissions from the later one's page. -----------------------------------
  const picker = page.getByTestId('compare-with');
  await picker.getByRole('combobox', { name: 'Compare with' }).selectOption(badId);
  await picker.getByRole('button', { name: 'Compare' }).click();
  await page.waitForURL(/\/submissions\/compare\?/);
  // A is the earlier (bad-order) submission, B the solution, whatever order the ids came in.
  await expect(page.getByRole('listitem').filter({ hasText: /^A \(earlier\):/ })).toContainText(`${badOrderScore} / 100`);
  await expect(page.getByRole('listitem').filter({ hasText: /^B \(later\):/ })).toContainText('100 / 100');
  const summary = page.getByTestId('compare-summary');
  await expect(summary).toContainText(`A ${badOrderScore} / 100 · B 100 / 100 (B − A +${100 - badOrderScore})`);
  await expect(summary).toContainText('≠ changed');

  // The cache check: failed for A, passed for B, marked changed with its points.
  const cacheCheck = page.getByRole('region', { name: 'Checks compared' }).getByRole('row').filter({ hasText: 'Editing source code keeps' });
  await expect(cacheCheck).toContainText('≠ changed');
  await expect(cacheCheck).toContainText('✗ fail 0/40');
  await expect(cacheCheck).toContainText('✓ pass 40/40');
  await expect(cacheCheck).toContainText('+40');
  await expect(page.getByRole('region', { name: 'Checks compared' }).getByRole('row').filter({ hasText: 'The Dockerfile builds' })).toContainText('= same');

  // In the source-edit build the install step flips from built to cached.
  const sourceSteps = page.getByTestId('compare-build-source-edit');
  const installRow = sourceSteps.getByRole('row').filter({ hasText: 'RUN npm install' });
  await expect(installRow).toHaveCount(1);
  await expect(installRow).toContainText('≠ changed');
  await expect(installRow).toContainText('built → cached');
  await expect(installRow).toContainText('↑ now cached');
  // The moved COPY of the sources: only in A, and the new package-files COPY only in B.
  await expect(sourceSteps.getByRole('row').filter({ hasText: 'COPY package*.json ./' })).toContainText('+ only in B');
  await expect(sourceSteps.getByRole('row').filter({ hasText: 'COPY . .' })).toContainText('− only in A');
  // In the dep-edit build both reinstall: no flip there.
  const depInstall = page.getByTestId('compare-build-dep-edit').getByRole('row').filter({ hasText: 'RUN npm install' });
  await expect(depInstall).toContainText('built → built');
  await expect(depInstall.getByTestId('cache-flip')).toHaveCount(0);
  expect(errors).toEqual([]);
});
