import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, test, type Page } from '@playwright/test';
import { demoClassId, ensureAssignment, ensureStudentIn, withDb } from '../helpers/e2e-db';

// Issue 9, teacher dashboard: a student with a Korean name submits the cache-order solution through
// the real submit path (worker + sandbox engine), after the due date; the teacher sees the score in
// the gradebook (readable at 1280 px and 390 px: screenshots checked), the chart on the lab page,
// downloads the CSV (BOM, Korean name), and regrades after the lab "changed".
const solution = fs.readFileSync(path.resolve('labs/cache-order/solution/Dockerfile'), 'utf8');
const KIM = { email: 'haneul.gb@layerlab.test', name: '김하늘' };
const LONG = { email: 'long.gb@layerlab.test', name: 'Maximiliana Theodora Vandenberghe-Kowalczyk' };
const LABS = ['cache-order', 'no-secret', 'multi-stage', 'layer-history', 'combine-run', 'dockerignore'];

async function signIn(page: Page, email: string) {
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('layerlab');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

async function waitGraded(page: Page, id: string): Promise<{ score: number; maxScore: number }> {
  let last: { status?: string; score?: number; maxScore?: number } = {};
  await expect
    .poll(async () => {
      last = await (await page.request.get(`/api/submissions/${id}`)).json();
      return last.status;
    }, { timeout: 5 * 60_000, intervals: [2000] })
    .toMatch(/GRADED|FAILED/);
  expect(last.status).toBe('GRADED');
  return { score: last.score as number, maxScore: last.maxScore as number };
}

/** Is every student name on one line, and does the table scroll inside its box (not the page)? */
async function layoutFacts(page: Page) {
  return page.evaluate(() => {
    const names = [...document.querySelectorAll<HTMLElement>('[data-testid="student-name"]')].map((el) => {
      const style = getComputedStyle(el);
      const lineHeight = style.lineHeight === 'normal' ? parseFloat(style.fontSize) * 1.25 : parseFloat(style.lineHeight);
      return { text: el.textContent, rects: el.getClientRects().length, height: el.getBoundingClientRect().height, lineHeight };
    });
    const wrap = document.querySelector<HTMLElement>('[data-testid="gradebook-wrap"]')!;
    return {
      names,
      pageOverflows: document.documentElement.scrollWidth > window.innerWidth,
      wrapScrolls: wrap.scrollWidth > wrap.clientWidth,
      wrapWidth: wrap.getBoundingClientRect().width,
      viewport: window.innerWidth,
    };
  });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

test('the teacher sees the score, the chart, the CSV; the gradebook reads at 1280 and 390 px; a regrade keeps the history', async ({ page }, testInfo) => {
  const { classId, kimId } = await withDb(async (c) => {
    const classId = await demoClassId(c);
    const dueYesterday = new Date(Date.now() - 24 * 3600_000);
    for (const lab of LABS) await ensureAssignment(c, classId, lab, lab === 'cache-order' ? dueYesterday : null);
    const kimId = await ensureStudentIn(c, classId, KIM.email, KIM.name);
    await ensureStudentIn(c, classId, LONG.email, LONG.name);
    return { classId, kimId };
  });
  const base = `/teacher/classes/${classId}`;

  // The student submits through the real path; the worker grades it and records the lab version.
  await signIn(page, KIM.email);
  const sent = await page.request.post('/api/labs/cache-order/submissions', { data: { files: { Dockerfile: solution } } });
  expect(sent.status()).toBe(202);
  const attemptId = (await sent.json()).id as string;
  const { score, maxScore } = await waitGraded(page, attemptId);
  expect(score).toBe(maxScore);
  const stored = await withDb((c) => c.query<{ labVersion: string | null }>(`SELECT "labVersion" FROM "Submission" WHERE id = $1`, [attemptId]));
  expect(stored.rows[0].labVersion).toMatch(/^[0-9a-f]{64}$/);

  // The gradebook: the score, one attempt, a late mark (submitted after the due date).
  await signIn(page, 'teacher@layerlab.test');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${base}/gradebook`);
  const row = page.getByTestId('gradebook').getByRole('row').filter({ hasText: KIM.name });
  const cell = row.locator('td[data-lab="cache-order"]');
  await expect(cell.getByTestId('best')).toContainText(`${score} / ${maxScore}`);
  await expect(cell.getByTestId('attempts')).toHaveText('1');
  await expect(cell.getByTestId('late')).toContainText('late');
  await expect(cell.getByTestId('last-activity')).toContainText(/last \d{4}-\d\d-\d\d \d\d:\d\d/);

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto(`${base}/gradebook`);
    await expect(page.getByTestId('gradebook')).toBeVisible();
    const file = testInfo.outputPath(`gradebook-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect(file.startsWith(path.resolve('test-results'))).toBe(true);
    expect(pngSize(file).width).toBe(width);
    const facts = await layoutFacts(page);
    expect(facts.names.length).toBeGreaterThanOrEqual(4);
    for (const n of facts.names) {
      // One line: one box, as tall as one line (no wrapped names, whatever the width).
      expect(`${n.text}: ${n.rects} box(es)`).toBe(`${n.text}: 1 box(es)`);
      expect(n.height, `${n.text} is ${n.height}px tall at ${width}px`).toBeLessThanOrEqual(n.lineHeight * 1.2);
    }
    expect(facts.pageOverflows, `the page itself scrolls sideways at ${width}px`).toBe(false);
    expect(facts.wrapWidth).toBeLessThanOrEqual(width);
    if (width === 390) {
      expect(facts.wrapScrolls, 'the table scrolls inside its box at 390px').toBe(true);
      // The sticky name column leaves room for scores: the first lab column starts in the left 60 %.
      const firstLab = (await page.getByTestId('gradebook').locator('thead th[data-lab]').first().boundingBox())!;
      expect(firstLab.x).toBeLessThan(width * 0.6);
      // Sticky first column: after scrolling the box sideways, the names stay at its left edge.
      const wrap = page.getByTestId('gradebook-wrap');
      const before = (await page.getByTestId('student-name').first().boundingBox())!.x;
      await wrap.evaluate((el) => { el.scrollLeft = 300; });
      await expect.poll(async () => wrap.evaluate((el) => el.scrollLeft)).toBeGreaterThan(100);
      expect(Math.abs((await page.getByTestId('student-name').first().boundingBox())!.x - before)).toBeLessThan(2);
      await page.screenshot({ path: testInfo.outputPath('gradebook-390-scrolled.png') });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // The lab page: the chart (server-rendered SVG with a title) and its numbers as a table.
  await page.goto(`${base}/labs/cache-order`);
  const chart = page.getByRole('img', { name: /Score distribution/ });
  await expect(chart).toBeVisible();
  // (Other specs may have added attempts of other students to the demo class: count at least ours.)
  const desc = (await page.getByTestId('score-chart').locator('desc').textContent()) ?? '';
  const top = Number(/90–100 points: (\d+)/.exec(desc)?.[1]);
  expect(top).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('score-table').getByRole('row').filter({ hasText: '90–100' }).locator('td')).toHaveText(String(top));
  await expect(page.getByTestId('score-chart').locator(`rect[data-count="${top}"]`).first()).toBeVisible();
  await expect(page.getByTestId('pass-rates').locator('tr[data-check="builds"]')).toContainText(/\d+ \/ \d+\s+\d+ %/);
  await expect(page.getByTestId('median-attempts')).toContainText(/Median [\d.]+ attempt/);
  await page.screenshot({ path: testInfo.outputPath('lab-page-1280.png'), fullPage: true });

  // The CSV download: attachment named after the class, UTF-8 BOM, the Korean name and the score.
  await page.goto(`${base}/gradebook`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('gradebook-csv').click()]);
  expect(download.suggestedFilename()).toBe('Demo-class-gradebook.csv');
  const bytes = fs.readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(bytes.toString('utf8'), { bom: true }) as string[][];
  expect(rows[0].slice(0, 2)).toEqual(['name', 'email']);
  const col = rows[0].findIndex((h) => h.includes('(cache-order'));
  expect(col).toBeGreaterThan(1);
  const kimRow = rows.find((r) => r[0] === KIM.name);
  expect(kimRow?.[1]).toBe(KIM.email);
  expect(kimRow?.[col]).toBe(String(score));
  expect(rows).toHaveLength(1 + (await page.getByTestId('student-name').count()));

  // The lab "changes" (the stored grade is from another version): the teacher regrades all; a new
  // REGRADE row is graded by the worker; the attempt keeps its grade and links to the regrade.
  await withDb((c) => c.query(`UPDATE "Submission" SET "labVersion" = 'earlier-version' WHERE id = $1`, [attemptId]));
  await page.goto(`${base}/labs/cache-order`);
  await page.getByTestId('regrade-lab').click();
  // Other specs of the run may have left outdated attempts in the demo class: at least this one is queued.
  await expect(page.getByRole('status')).toContainText(/Queued \d+ regrades?/);
  const regrade = await withDb((c) => c.query<{ id: string; kind: string; userId: string }>(`SELECT id, kind, "userId" FROM "Submission" WHERE "regradeOfId" = $1`, [attemptId]));
  expect(regrade.rows).toHaveLength(1);
  expect(regrade.rows[0]).toMatchObject({ kind: 'REGRADE', userId: kimId });
  const regradeId = regrade.rows[0].id;
  await waitGraded(page, regradeId);
  await page.goto(`/submissions/${attemptId}`);
  await expect(page.getByTestId('regraded-as')).toHaveAttribute('href', `/submissions/${regradeId}`);
  await expect(page.getByTestId('submission-lab-version')).toHaveText('earlier-vers');
  await page.goto(`/submissions/${regradeId}`);
  await expect(page.getByTestId('regrade-of')).toHaveAttribute('href', `/submissions/${attemptId}`);
  await expect(page.getByTestId('submission-lab-version')).toHaveText(/^[0-9a-f]{12}$/);
  // Still one attempt in the gradebook; the student's timeline lists both, linked.
  await page.goto(`${base}/gradebook`);
  await expect(page.getByTestId('gradebook').getByRole('row').filter({ hasText: KIM.name }).locator('td[data-lab="cache-order"]').getByTestId('attempts')).toHaveText('1');
  await page.goto(`${base}/students/${kimId}`);
  await expect(page.getByTestId('timeline-link')).toHaveCount(2);
  await expect(page.getByTestId('timeline').locator('li[data-kind="REGRADE"]')).toContainText('regrade of');
});
