import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { demoClassId, userId, withDb } from '../helpers/e2e-db';

// Issue 12: every page, for every role, at a phone, a tablet and a desktop width, is free of
// WCAG 2.1 A/AA violations (axe-core) and lays out without breaking words in table cells or
// overflowing the page. One browser context per role (signed in once); the widths by resizing.
//
// To add a page: add one line to PAGES (path, the roles that may open it, optional setup).

type Role = 'anonymous' | 'student' | 'teacher' | 'admin';
const ROLES: Role[] = ['anonymous', 'student', 'teacher', 'admin'];
const ALL = ROLES;
const SIGNED_IN: Role[] = ['student', 'teacher', 'admin'];
const STAFF: Role[] = ['teacher', 'admin'];
const ADMIN: Role[] = ['admin'];
const EMAIL: Record<Exclude<Role, 'anonymous'>, string> = {
  // Not student@: submit-and-teacher.spec expects that student's best cache-order grade to be its own.
  student: 'student2@layerlab.test',
  teacher: 'teacher@layerlab.test',
  admin: 'admin@layerlab.test',
};
const WIDTHS = [390, 768, 1280] as const;
const HEIGHT = 900;
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Ids the page table points at, made or looked up once per run. */
type Fixtures = { gradedSubmission: string; lessonId: string; koreanLessonPath: string; classId: string; joinCode: string; studentId: string };

type PageRow = {
  /** The path, or a function of the fixtures for pages with ids in them. */
  path: string | ((f: Fixtures) => string);
  /** The roles that may open it (denied roles land on /login or /forbidden, rows of their own). */
  roles: Role[];
  /** Run after the page loaded, before the checks (open a disclosure, wait for an editor). */
  setup?: (page: Page) => Promise<void>;
  /** Keep full-page screenshots at 390 and 1280 px under this name (test-results/). */
  screenshot?: string;
  /** The HTTP status the page answers with (default 200). */
  status?: number;
};

const openAllDetails = async (page: Page) => {
  await page.locator('main details').evaluateAll((els) => els.forEach((d) => ((d as HTMLDetailsElement).open = true)));
};
const waitForCodeMirror = async (page: Page) => {
  await page.locator('.cm-content').first().waitFor();
};

// prettier-ignore
const PAGES: PageRow[] = [
  { path: '/', roles: ALL },
  { path: '/lessons', roles: ALL },
  { path: '/lessons/build-cache-in-practice', roles: ALL },
  { path: (f) => f.koreanLessonPath, roles: ALL },
  { path: '/search?q=%EC%BA%90%EC%8B%9C', roles: ALL },
  { path: '/search?q=zzzz-nothing', roles: ['anonymous'] },
  { path: '/labs', roles: ALL },
  { path: '/labs/cache-order', roles: ALL, setup: openAllDetails },
  { path: '/submissions', roles: SIGNED_IN },
  { path: (f) => `/submissions/${f.gradedSubmission}`, roles: ['student', 'teacher', 'admin'], setup: openAllDetails, screenshot: 'report' },
  { path: '/teacher', roles: STAFF, screenshot: 'teacher' },
  { path: '/submissions/compare', roles: SIGNED_IN },
  { path: '/admin', roles: ADMIN },
  { path: '/admin/lessons', roles: ADMIN },
  { path: '/admin/lessons/new', roles: ADMIN, setup: waitForCodeMirror },
  { path: (f) => `/admin/lessons/${f.lessonId}`, roles: ADMIN, setup: waitForCodeMirror },
  { path: (f) => `/admin/lessons/${f.lessonId}/revisions?from=1`, roles: ADMIN },
  { path: '/admin/categories', roles: ADMIN },
  { path: '/admin/import', roles: ADMIN },
  // Issue 9: accounts, classes, assignments, gradebook.
  { path: '/account', roles: SIGNED_IN },
  { path: '/admin/users', roles: ADMIN },
  { path: (f) => `/admin/users/${f.studentId}`, roles: ADMIN },
  { path: '/admin/users/import', roles: ADMIN },
  { path: '/admin/settings', roles: ADMIN },
  { path: '/reset-password/no-such-token', roles: ['anonymous'] },
  { path: '/setup', roles: ['anonymous'] },
  { path: '/join', roles: ALL },
  { path: (f) => `/join/${f.joinCode}`, roles: ['anonymous', 'student'] },
  { path: (f) => `/teacher/classes/${f.classId}`, roles: STAFF },
  { path: (f) => `/teacher/classes/${f.classId}/gradebook`, roles: STAFF, screenshot: 'gradebook' },
  { path: (f) => `/teacher/classes/${f.classId}/labs/cache-order`, roles: STAFF },
  { path: (f) => `/teacher/classes/${f.classId}/students/${f.studentId}`, roles: STAFF },
  { path: '/login', roles: ['anonymous'] },
  { path: '/login?error=CredentialsSignin', roles: ['anonymous'] },
  { path: '/forbidden', roles: ALL },
  { path: '/no-such-page', roles: ALL, status: 404 },
];

const solution = fs.readFileSync(path.resolve('labs/cache-order/solution/Dockerfile'), 'utf8');

const contexts = new Map<Role, BrowserContext>();

async function signedIn(browser: Browser, role: Role): Promise<BrowserContext> {
  const known = contexts.get(role);
  if (known) return known;
  const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: HEIGHT } });
  if (role !== 'anonymous') {
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(EMAIL[role]);
    await page.getByLabel('Password').fill('layerlab');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.close();
  }
  contexts.set(role, context);
  return context;
}

test.afterAll(async () => {
  for (const c of contexts.values()) await c.close();
  contexts.clear();
});

/** Waits until the client-rendered header part has asked /api/me (its links are final then). */
async function settled(page: Page) {
  await page.locator('[data-testid="user-slot"][data-state="ready"]').waitFor({ state: 'attached' }); // folded in the phone menu
}

/** Every WCAG 2.1 A/AA violation axe finds, one line per node: rule, target, page. */
async function axeProblems(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `axe ${v.id} at ${n.target.map(String).join(' ')} on ${where}: ${v.help}`),
  );
}

/**
 * Layout problems measured in the browser:
 * - a word (a run of characters in one text node up to white space or a hyphen) of a table cell
 *   that wraps onto a second line (its Range has a client rect below its first line) or sticks out
 *   of its cell;
 * - a table not inside a named, focusable horizontal scroll box, or one that scrolls without a
 *   sticky first column;
 * - anything that makes the page itself wider than the viewport.
 */
function layoutProblems(): string[] {
  const out: string[] = [];
  const describe = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && parts.length < 4 && e !== document.body; e = e.parentElement) {
      const testId = e.getAttribute('data-testid');
      const cls = typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
      parts.unshift(`${e.tagName.toLowerCase()}${testId ? `[data-testid=${testId}]` : cls}`);
    }
    return parts.join(' > ');
  };
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };

  for (const cell of Array.from(document.querySelectorAll('main table th, main table td'))) {
    if (!visible(cell)) continue;
    const cs = getComputedStyle(cell);
    const box = cell.getBoundingClientRect();
    const left = box.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft) - 1;
    const right = box.right - parseFloat(cs.borderRightWidth) - parseFloat(cs.paddingRight) + 1;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const holder = n.parentElement!.getBoundingClientRect();
      if (holder.width <= 1 || holder.height <= 1) continue; // visually hidden text (read, not shown)
      // Cut on purpose on one line with an ellipsis, the whole text in its title (the gradebook's
      // long names on a phone): shortened, not broken.
      const holderStyle = getComputedStyle(n.parentElement!);
      if (holderStyle.textOverflow === 'ellipsis' && holderStyle.whiteSpace === 'nowrap' && (n.parentElement!.getAttribute('title') ?? '').includes((n.nodeValue ?? '').trim())) continue;
      const text = n.nodeValue ?? '';
      // A word ends at white space or after a hyphen (where typesetting may break a line too).
      for (const m of text.matchAll(/[^\s\-\u2010]+[\-\u2010]?|[\-\u2010]/g)) {
        const range = document.createRange();
        range.setStart(n, m.index!);
        range.setEnd(n, m.index! + m[0].length);
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
        if (rects.length === 0) continue;
        const first = rects[0];
        const word = m[0].length > 40 ? `${m[0].slice(0, 40)}…` : m[0];
        if (rects.some((r) => r.top >= first.bottom - 1)) {
          out.push(`word "${word}" wraps inside itself in ${describe(cell)} (cell ${Math.round(box.width)} px wide)`);
        } else if (Math.min(...rects.map((r) => r.left)) < left || Math.max(...rects.map((r) => r.right)) > right) {
          out.push(`word "${word}" sticks out of ${describe(cell)} (cell ${Math.round(box.width)} px wide)`);
        }
      }
    }
  }

  for (const table of Array.from(document.querySelectorAll('main table'))) {
    if (!visible(table)) continue;
    let box: HTMLElement | null = table.parentElement;
    while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    if (!box || box === document.body || box === document.documentElement) {
      out.push(`table ${describe(table)} is not inside a horizontal scroll box`);
      continue;
    }
    const named = box.getAttribute('aria-label') || box.getAttribute('aria-labelledby');
    if (box.getAttribute('role') !== 'region' || !named || box.getAttribute('tabindex') !== '0') {
      out.push(`the scroll box of ${describe(table)} is not a named, focusable region (role=region, aria-label, tabindex=0)`);
    }
    if (box.scrollWidth > box.clientWidth + 1) {
      const firstCells = Array.from((table as HTMLTableElement).rows)
        .map((row) => row.cells[0])
        .filter((c) => c && c.colSpan === 1);
      const loose = firstCells.filter((c) => getComputedStyle(c).position !== 'sticky');
      if (loose.length > 0) out.push(`${describe(table)} scrolls sideways but its first column is not sticky (${loose.length} cells)`);
    }
  }

  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      if (culprits.length >= 3 || !visible(el)) continue;
      if (el.getBoundingClientRect().right <= width + 1) continue;
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') clipped = true;
      }
      if (!clipped) culprits.push(describe(el));
    }
    out.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px viewport: ${culprits.join('; ')}`);
  }

  // Colour is never the only carrier of a result: every badge (built, cached, failed, pass, fail,
  // statuses) has a text or an accessible name.
  for (const badge of Array.from(document.querySelectorAll('.badge'))) {
    if (!(badge.textContent ?? '').trim() && !badge.getAttribute('aria-label')) out.push(`a badge without text: ${describe(badge)}`);
  }

  const header = document.querySelector('header.site-header');
  if (header && width < 600 && header.getBoundingClientRect().height > 120) {
    out.push(`the site header is ${Math.round(header.getBoundingClientRect().height)} px tall on a ${width} px phone`);
  }
  return out;
}

/** Runs the layout and axe checks at every width; keeps screenshots when asked. */
async function checkEveryWidth(page: Page, where: string, testInfo: TestInfo, screenshot?: string): Promise<string[]> {
  const problems: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHT });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const at = `${where} at ${width} px`;
    problems.push(...(await page.evaluate(layoutProblems)).map((p) => `${p} — ${at}`));
    problems.push(...(await axeProblems(page, at)));
    if (screenshot && width !== 768) {
      await page.screenshot({ path: testInfo.outputPath(`${screenshot}-${width}.png`), fullPage: true });
    }
  }
  return problems;
}

let graded: Promise<string> | undefined;

/** A submission of the reference solution, graded by the real worker; the live test makes it. */
function gradedSubmission(browser: Browser): Promise<string> {
  graded ??= (async () => {
    const page = await (await signedIn(browser, 'student')).newPage();
    const res = await page.request.post('/api/labs/cache-order/submissions', { data: { files: { Dockerfile: solution } } });
    expect(res.status()).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await expect
      .poll(async () => ((await (await page.request.get(`/api/submissions/${id}`)).json()) as { status: string }).status, {
        timeout: 5 * 60_000,
        intervals: [1000],
      })
      .toBe('GRADED');
    await page.close();
    return id;
  })();
  return graded;
}

test('the live submission page is accessible while grading runs, and announces status changes', async ({ browser }, testInfo) => {
  const page = await (await signedIn(browser, 'student')).newPage();
  await page.goto('/labs/cache-order');
  await settled(page);

  // The editor: labelled, described by its keyboard hint; Tab indents, Esc then Tab leaves.
  const editor = page.getByLabel('Dockerfile');
  await expect(editor).toHaveAccessibleDescription(/Tab inserts spaces.*Esc/);
  await editor.fill('FROM layerlab/node:18\n');
  await editor.press('End');
  await editor.press('Tab');
  await expect(editor).toHaveValue('FROM layerlab/node:18\n  ');
  await editor.press('Escape');
  await editor.press('Tab');
  await expect(editor).not.toBeFocused();

  await editor.fill(solution);
  await page.getByTestId('submit-button').click();
  await page.waitForURL(/\/submissions\//);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const announcer = page.getByTestId('status-announcer');
  await expect(announcer).toHaveAttribute('aria-live', 'polite');

  // Scan while the grade is queued or running: the status before and after a scan must both be live.
  const status = () => page.getByTestId('submission').getAttribute('data-status');
  const problems: string[] = [];
  let scannedLive = 0;
  for (let round = 0; round < 2; round++) {
    const before = await status();
    if (before !== 'QUEUED' && before !== 'RUNNING') break;
    const found = await checkEveryWidth(page, `live submission (${before})`, testInfo);
    const after = await status();
    if (after === 'QUEUED' || after === 'RUNNING') {
      scannedLive++;
      problems.push(...found);
      await expect(announcer).toContainText(/queued|grading/i);
    }
    await page.waitForTimeout(1500); // let a few build steps appear for the second round
  }
  expect(scannedLive, 'the page was scanned while the grade was queued or running').toBeGreaterThan(0);

  await expect(page.getByTestId('score')).toBeVisible({ timeout: 5 * 60_000 });
  await expect(announcer).toContainText(/graded/i);
  graded = Promise.resolve(id);
  expect(problems, problems.join('\n')).toEqual([]);
  await page.close();
});

test('every page, every role, at 390, 768 and 1280 px: no axe violations, no words broken in table cells', async ({ browser }, testInfo) => {
  test.setTimeout(20 * 60_000); // about 50 page visits, 3 widths each, axe at each (~1 s a scan on this machine)
  const started = Date.now();
  const adminPage = await (await signedIn(browser, 'admin')).newPage();
  const tree = JSON.stringify(await (await adminPage.request.get('/api/admin/categories')).json());
  const lessonId = /"id":"([^"]+)","slug":"build-cache-in-practice"/.exec(tree)?.[1];
  const koreanSlug = /"slug":"([^"]*도커[^"]*)"/.exec(tree)?.[1];
  expect(lessonId, 'the seeded lesson build-cache-in-practice').toBeTruthy();
  expect(koreanSlug, 'the seeded Korean lesson').toBeTruthy();
  await adminPage.close();
  const { classId, joinCode, studentId } = await withDb(async (c) => {
    const classId = await demoClassId(c);
    const code = await c.query<{ joinCode: string }>('SELECT "joinCode" FROM "Classroom" WHERE id = $1', [classId]);
    return { classId, joinCode: code.rows[0].joinCode, studentId: await userId(c, EMAIL.student) };
  });
  const fixtures: Fixtures = {
    classId,
    joinCode,
    studentId,
    gradedSubmission: await gradedSubmission(browser),
    lessonId: lessonId!,
    koreanLessonPath: `/lessons/${encodeURIComponent(koreanSlug!)}`,
  };

  const problems: string[] = [];
  let visits = 0;
  for (const role of ROLES) {
    const page = await (await signedIn(browser, role)).newPage();
    for (const row of PAGES.filter((p) => p.roles.includes(role))) {
      const path = typeof row.path === 'function' ? row.path(fixtures) : row.path;
      const where = `${path} as ${role}`;
      await page.setViewportSize({ width: WIDTHS[0], height: HEIGHT });
      const res = await page.goto(path);
      if (res?.status() !== (row.status ?? 200)) {
        problems.push(`${where}: HTTP ${res?.status()} (expected ${row.status ?? 200}) at ${page.url()}`);
        continue;
      }
      await settled(page);
      await row.setup?.(page);
      problems.push(...(await checkEveryWidth(page, where, testInfo, row.screenshot && `${row.screenshot}-${role}`)));
      visits++;
    }
    await page.close();
  }
  console.log(`responsive-a11y: ${visits} page visits × ${WIDTHS.length} widths in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  expect(problems, `${problems.length} problems:\n${problems.join('\n')}`).toEqual([]);
});

test('the header menu is a keyboard-usable disclosure on a phone and absent on a desktop', async ({ browser }) => {
  const page = await (await signedIn(browser, 'admin')).newPage();
  await page.setViewportSize({ width: 390, height: HEIGHT });
  await page.goto('/labs');
  await settled(page);
  const menu = page.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav).toBeHidden();
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav.getByRole('link', { name: 'Admin' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('link').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeFocused();
  await expect(nav).toBeHidden();
  await page.keyboard.press('Space');
  await nav.getByRole('link', { name: 'Teacher' }).click();
  await page.waitForURL(/\/teacher$/);
  await expect(menu).toHaveAttribute('aria-expanded', 'false'); // closes on navigation

  await page.setViewportSize({ width: 1280, height: HEIGHT });
  await expect(menu).toBeHidden();
  await expect(nav.getByRole('link', { name: 'Admin' })).toBeVisible();
  await page.close();
});
