import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';

// Issue 8: public reading (seed lesson, MDX lesson, search), hydration with hostile ids, the CSP
// on every page, and an upsert visible within a second on the cached lesson page.
const SEED_SLUG = '3-4-도커-이미지와-이미지-레이어-이해하기';
const SEED_URL = `/lessons/${encodeURIComponent(SEED_SLUG)}`;
const MDX_URL = '/lessons/build-cache-in-practice';

async function signedIn(browser: Browser, email: string): Promise<{ page: Page; request: APIRequestContext }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('layerlab');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { page, request: context.request };
}

/** Record CSP violations and page errors from the first script on. */
async function watch(page: Page): Promise<{ csp: string[]; errors: string[] }> {
  const seen = { csp: [] as string[], errors: [] as string[] };
  await page.exposeFunction('__reportCsp', (v: string) => seen.csp.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCsp: (v: string) => void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI} ${location.pathname}`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) seen.csp.push(m.text());
  });
  page.on('pageerror', (e) => seen.errors.push(`${page.url()}: ${e.message}`));
  return seen;
}

test('an anonymous visitor reads the seed lesson as before', async ({ page }) => {
  const seen = await watch(page);
  await page.goto('/lessons');
  await page.getByRole('link', { name: /도커 이미지와 이미지 레이어/ }).first().click();
  await expect(page).toHaveURL(SEED_URL);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('3.4 도커 이미지와 이미지 레이어 이해하기');
  const body = page.getByTestId('lesson-body');
  await expect(body.getByRole('heading', { level: 2, name: '이미지 레이어의 기본 개념' })).toBeVisible();
  await expect(body.locator('pre[data-language="bash"]').first()).toBeVisible(); // highlighted
  await expect(body.locator('pre', { hasText: '┌─────' }).first()).toContainText('│     컨테이너 레이어 (읽기/쓰기)     │  ← 실행 시 생성');
  await expect(body).toContainText('{{.ID}}');
  // Hydrated: the header's user slot is filled in the browser.
  await expect(page.getByTestId('user-slot').getByRole('link', { name: 'Sign in' })).toBeVisible();
  // The table of contents reaches its (prefixed) sections, and a bare fragment from elsewhere too.
  await page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: '레이어 캐싱 메커니즘 이해하기' }).click();
  await expect(page.locator('[id="user-content-레이어-캐싱-메커니즘-이해하기"]')).toBeInViewport();
  await page.goto(`${SEED_URL}#${encodeURIComponent('레이어-최적화-체크리스트')}`);
  await expect(page.locator('[id="user-content-레이어-최적화-체크리스트"]')).toBeInViewport();
  // Real metadata.
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', '3.4 도커 이미지와 이미지 레이어 이해하기');
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /^Docker 이미지의 레이어 시스템을/);
  expect(seen.errors).toEqual([]);
  expect(seen.csp).toEqual([]);
});

test('an anonymous visitor reads the MDX lesson and answers its quiz', async ({ page }) => {
  const seen = await watch(page);
  await page.goto(MDX_URL);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('3.5 빌드 캐시 실전: 순서, 결합, 멀티 스테이지');
  await expect(page.getByRole('note').filter({ hasText: '캐시 규칙' })).toBeVisible();
  await expect(page.getByRole('note')).toHaveCount(3);
  const layers = page.getByTestId('layer-stack').getByRole('list');
  await expect(layers.getByRole('listitem')).toHaveCount(6);
  await expect(layers.getByRole('listitem').first()).toContainText('컨테이너 레이어 (읽기/쓰기)');
  await expect(page.getByTestId('terminal').first()).toContainText('docker build -t cache-demo .');
  await expect(page.getByTestId('terminal').first()).toContainText('Using cache');
  await expect(page.getByTestId('terminal').nth(1)).toContainText('CMD ["node" "dist/index.js"]');
  const card = page.getByTestId('lab-card').first();
  await expect(card.getByRole('link', { name: 'Order your Dockerfile for the build cache' })).toHaveAttribute('href', '/labs/cache-order');
  await expect(card).toContainText('Sign in to submit and keep your score.');

  const quiz = page.getByTestId('quiz');
  await quiz.getByRole('button', { name: 'RUN npm install' }).click();
  await expect(quiz.getByRole('status')).toContainText('Not quite.');
  await expect(quiz.getByRole('status')).toContainText('npm install도 캐시를 씁니다');
  await quiz.getByRole('button', { name: 'COPY . .' }).click();
  await expect(quiz.getByRole('status')).toContainText('Correct.');
  await expect(quiz.getByRole('button', { name: 'COPY . .' })).toHaveAttribute('aria-pressed', 'true');
  expect(seen.errors).toEqual([]);
  expect(seen.csp).toEqual([]);
});

test('a signed-in student sees their best score on the lab card (loaded in the browser)', async ({ browser }) => {
  const { page } = await signedIn(browser, 'student@layerlab.test');
  await page.goto(MDX_URL);
  await expect(page.getByTestId('lab-card').first().getByTestId('lab-score')).toBeVisible();
  await expect(page.getByTestId('user-slot')).toContainText('Sora Student');
});

test('an anonymous visitor finds the seed lesson by a two-syllable Korean word', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('searchbox', { name: 'Search lessons' });
  await box.fill('캐시');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  const results = page.getByTestId('search-results');
  await results.getByRole('link', { name: '3.4 도커 이미지와 이미지 레이어 이해하기' }).click();
  await expect(page).toHaveURL(SEED_URL);
  await page.goto('/search?q=multi-stage');
  await expect(page.getByTestId('search-results').getByRole('link').first()).toBeVisible();
  await page.goto('/search?q=zzzz-nowhere');
  await expect(page.getByText('No lesson mentions')).toBeVisible();
});

test('a lesson with hostile ids (## __next_f, name/id of Next globals) still hydrates', async ({ browser, page }) => {
  const admin = await signedIn(browser, 'admin@layerlab.test');
  const doc = [
    '---',
    'title: "Clobber test"',
    'slug: "clobber-test"',
    'categoryPath: ["Docker", "Tests"]',
    'authorNick: "t"',
    'createdAt: "2026-01-01"',
    'updateMode: "upsert"',
    '---',
    '## __next_f',
    '',
    '<a name="__next_f">named</a> <div id="__NEXT_DATA__">div</div> <img name="__next_f" src="/icon.svg" alt="icon">',
    '',
    '[jump](#__next_f)',
    '',
  ].join('\n');
  const res = await admin.request.post('/api/admin/lessons', { data: doc, headers: { 'content-type': 'text/markdown' } });
  expect([200, 201]).toContain(res.status());

  const seen = await watch(page);
  await page.goto('/lessons/clobber-test');
  await expect(page.getByRole('heading', { level: 2, name: '__next_f' })).toBeVisible();
  // Hydration ran: the client-rendered user slot appears and Next's global is still its array.
  await expect(page.getByTestId('user-slot')).toHaveAttribute('data-state', 'ready');
  expect(await page.evaluate(() => Array.isArray((window as unknown as { __next_f?: unknown }).__next_f))).toBe(true);
  expect(await page.locator('[id="__next_f"], [name="__next_f"], [id="__NEXT_DATA__"]').count()).toBe(0);
  // Client navigation works (it needs the hydrated router).
  await page.getByRole('link', { name: 'Lessons' }).first().click();
  await expect(page).toHaveURL('/lessons');
  expect(seen.errors).toEqual([]);
});

test('an upsert shows on the cached lesson page within a second', async ({ browser, page }) => {
  const admin = await signedIn(browser, 'admin@layerlab.test');
  const doc = (text: string) =>
    ['---', 'title: "Freshness test"', 'slug: "freshness-test"', 'categoryPath: ["Docker", "Tests"]', 'authorNick: "t"', 'createdAt: "2026-01-01"', 'updateMode: "upsert"', '---', text, ''].join('\n');
  await admin.request.post('/api/admin/lessons', { data: doc('First version.'), headers: { 'content-type': 'text/markdown' } });
  await page.goto('/lessons/freshness-test');
  await expect(page.getByTestId('lesson-body')).toContainText('First version.');
  const again = await page.request.get('/lessons/freshness-test');
  expect(again.headers()['x-nextjs-cache']).toBe('HIT'); // served from Next's cache

  const marker = `Second version ${Date.now()}.`;
  const res = await admin.request.post('/api/admin/lessons', { data: doc(marker), headers: { 'content-type': 'text/markdown' } });
  expect(res.status()).toBe(200);
  const start = Date.now();
  let seenAfter = -1;
  while (Date.now() - start < 5000) {
    const html = await (await page.request.get('/lessons/freshness-test')).text();
    if (html.includes(marker)) {
      seenAfter = Date.now() - start;
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(seenAfter).toBeGreaterThanOrEqual(0);
  expect(seenAfter).toBeLessThan(1000);
});

test('every page satisfies its CSP and sends the security headers', async ({ browser }) => {
  const anonymous = await browser.newContext();
  const anonPage = await anonymous.newPage();
  const admin = await signedIn(browser, 'admin@layerlab.test');
  const student = await signedIn(browser, 'student@layerlab.test');
  const pages: [Page, string[]][] = [
    [anonPage, ['/', '/login', '/lessons', SEED_URL, MDX_URL, '/labs', '/labs/cache-order', '/search?q=레이어', '/forbidden', '/lessons/no-such-lesson']],
    [student.page, ['/', '/lessons', MDX_URL, '/labs', '/labs/cache-order', '/submissions', '/search?q=cache']],
    [admin.page, ['/', '/admin', '/teacher', SEED_URL, '/labs/multi-stage', '/admin/lessons', '/admin/lessons/new', '/admin/categories', '/admin/import']],
  ];
  for (const [page, paths] of pages) {
    const seen = await watch(page);
    for (const path of paths) {
      const res = await page.goto(path);
      const h = res!.headers();
      expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(h['x-content-type-options'], path).toBe('nosniff');
      expect(h['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
      await expect(page.getByTestId('user-slot')).toHaveAttribute('data-state', 'ready');
      await page.waitForLoadState('networkidle');
    }
    expect(seen.csp).toEqual([]);
    expect(seen.errors).toEqual([]);
  }
});
