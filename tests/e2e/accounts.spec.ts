import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';

// Accounts in the real browser: CSV import with a bad row, set-password links, the sign-in
// throttle through the login form, and a password change ending another browser's session.
const ADMIN = 'admin@layerlab.test';
const DEMO_PASSWORD = 'layerlab';
const GOOD = 'correct horse battery staple';
const run = Date.now().toString(36); // fresh e-mails on every run

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function adminRequest(browser: Browser): Promise<APIRequestContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ADMIN, DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return context.request;
}

/** An account made by the admin, with its password set through its one-time link. */
async function accountWithPassword(admin: APIRequestContext, email: string, name: string): Promise<void> {
  const created = await admin.post('/api/admin/users', { data: { email, name, role: 'student' } });
  expect(created.status()).toBe(201);
  const { link } = await created.json();
  const token = (link.path as string).split('/').pop();
  const set = await admin.post('/api/reset-password', { data: { token, password: GOOD } });
  expect(set.status()).toBe(200);
}

function classCsv(bad?: number): Buffer {
  const lines = ['email,name,role'];
  for (let i = 1; i <= 30; i++) lines.push(`s${run}-${i}@school.test,학생 ${i}호,student`);
  if (bad) lines[bad - 1] = `s${run}-${bad - 1}@school,학생 ${bad - 1}호,student`; // line `bad`: no domain suffix
  return Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
}

test('an admin imports 30 students from a CSV: a bad row is shown with its line, nothing is imported until it is fixed', async ({ page, browser }) => {
  await signIn(page, ADMIN, DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto('/admin/users/import');
  await expect(page.getByTestId('import-columns')).toContainText('email');
  await expect(page.getByRole('link', { name: 'Download a sample file' })).toHaveAttribute('download', 'accounts-sample.csv');

  await page.getByLabel('CSV file').setInputFiles({ name: 'class.csv', mimeType: 'text/csv', buffer: classCsv(12) });
  await page.getByRole('button', { name: 'Check (preview)' }).click();
  const issues = page.getByTestId('import-issues');
  await expect(issues).toBeVisible();
  await expect(issues.locator('tbody tr')).toHaveCount(1);
  await expect(issues.locator('tbody tr').first()).toContainText('12');
  await expect(issues.locator('tbody tr').first()).toContainText('email');
  await expect(issues.locator('tbody tr').first()).toContainText(`s${run}-11@school`);
  await expect(page.getByTestId('import-issues-summary')).toContainText('nothing will be imported');
  await expect(page.getByRole('button', { name: /^Import \d+ account/ })).toHaveCount(0);
  const none = await (await page.request.get(`/api/admin/users?q=s${run}-`)).json();
  expect(none.accounts).toHaveLength(0);

  // Fixed file: preview is clean, import creates all 30 with their links.
  await page.getByLabel('CSV file').setInputFiles({ name: 'class-fixed.csv', mimeType: 'text/csv', buffer: classCsv() });
  await page.getByRole('button', { name: 'Check (preview)' }).click();
  await expect(page.getByText('Every row is valid: 30 accounts to create.')).toBeVisible();
  await page.getByRole('button', { name: 'Import 30 accounts' }).click();
  await expect(page.getByTestId('import-done')).toContainText('Imported 30 accounts');
  await expect(page.getByTestId('import-links').locator('tbody tr')).toHaveCount(30);
  const download = page.getByRole('link', { name: 'Download the links (CSV)' });
  const href = decodeURIComponent((await download.getAttribute('href'))!.replace(/^data:text\/csv;charset=utf-8,/, ''));
  expect(href.startsWith('\ufeffemail,name,link,expires')).toBe(true);
  expect(href.split('\r\n').filter(Boolean)).toHaveLength(31);
  const all = await (await page.request.get(`/api/admin/users?q=s${run}-`)).json();
  expect(all.accounts).toHaveLength(30);
  expect(all.accounts.map((a: { name: string }) => a.name)).toContain('학생 7호');

  // A student uses their link in another browser, then signs in; the link is then used up.
  const link = (await page.getByTestId('import-links').locator('tbody tr').first().locator('code').textContent())!;
  const student = await (await browser.newContext()).newPage();
  await student.goto(link);
  await expect(student.getByText(`s${run}-1@school.test`)).toBeVisible();
  await student.getByLabel('New password', { exact: true }).fill(GOOD);
  await student.getByLabel('New password again').fill(GOOD);
  await student.getByRole('button', { name: 'Set password' }).click();
  await expect(student.getByTestId('password-set')).toBeVisible();
  await signIn(student, `s${run}-1@school.test`, GOOD);
  await student.waitForURL((u) => !u.pathname.startsWith('/login'));
  await student.goto(link);
  await expect(student.getByTestId('link-state')).toHaveAttribute('data-state', 'used');
});

test('brute force through the login form: after 5 wrong passwords the sign-in answers 429 with Retry-After and says so', async ({ page, browser }) => {
  const admin = await adminRequest(browser);
  const email = `brute-${run}@x.test`;
  await accountWithPassword(admin, email, 'Brute Target');

  await page.goto('/login');
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(`wrong password ${i}`);
    const answer = page.waitForResponse((r) => r.url().includes('/api/auth/callback/credentials'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect((await answer).status()).toBe(401); // next-auth's answer to a wrong password
    await expect(page.getByTestId('login-error')).toHaveText('Wrong email or password.');
  }
  // The right password now: refused too, the account is locked.
  await page.getByLabel('Password').fill(GOOD);
  const locked = page.waitForResponse((r) => r.url().includes('/api/auth/callback/credentials'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  const res = await locked;
  expect(res.status()).toBe(429);
  expect(Number(res.headers()['retry-after'])).toBeGreaterThan(14 * 60);
  await expect(page.getByTestId('login-error')).toContainText('Too many failed sign-ins. Try again in 15 minutes');
  expect(new URL(page.url()).pathname).toBe('/login');
});

test('a password change ends the session in the other browser', async ({ browser }) => {
  const admin = await adminRequest(browser);
  const email = `change-${run}@x.test`;
  await accountWithPassword(admin, email, '비밀번호 변경');

  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  for (const p of [a, b]) {
    await signIn(p, email, GOOD);
    await p.waitForURL((u) => !u.pathname.startsWith('/login'));
    await p.goto('/account');
    await expect(p.getByRole('heading', { name: 'Your account' })).toBeVisible();
  }

  const next = 'a different passphrase now';
  await a.getByLabel('Current password').fill(GOOD);
  await a.getByLabel('New password', { exact: true }).fill(next);
  await a.getByLabel('New password again').fill(next);
  await a.getByRole('button', { name: 'Change password' }).click();
  await a.waitForURL(/\/login\?changed=1/);
  await expect(a.getByTestId('password-changed')).toBeVisible();

  // The other browser's cookie is still there, but its session is over.
  await b.goto('/account');
  await b.waitForURL(/\/login/);
  expect(await (await b.request.get('/api/me')).json()).toMatchObject({ user: null });
  // The new password works; the old one does not.
  await signIn(b, email, GOOD);
  await expect(b.getByTestId('login-error')).toHaveText('Wrong email or password.');
  await signIn(b, email, next);
  await b.waitForURL((u) => !u.pathname.startsWith('/login'));

  // Sign-out ends that user's sessions everywhere (documented): a signs in, b signs out, a is out.
  await signIn(a, email, next);
  await a.waitForURL((u) => !u.pathname.startsWith('/login'));
  const signedOut = b.waitForResponse((r) => r.url().includes('/api/auth/signout') && r.request().method() === 'POST');
  await b.getByRole('button', { name: 'Sign out' }).click();
  expect((await signedOut).ok()).toBe(true);
  await a.goto('/account');
  await a.waitForURL(/\/login/);
});

test('the account pages keep the CSP and raise no page errors', async ({ page }) => {
  const csp: string[] = [];
  const errors: string[] = [];
  await page.exposeFunction('__reportCsp', (v: string) => csp.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __reportCsp: (v: string) => void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('pageerror', (e) => errors.push(e.message));
  for (const path of ['/setup', '/reset-password/not-a-real-token-at-all']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  await signIn(page, ADMIN, DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  const { accounts } = await (await page.request.get('/api/admin/users?q=student%40')).json();
  for (const path of ['/admin/users', '/admin/users/import', `/admin/users/${accounts[0].id}`, '/admin/settings', '/account']) {
    await page.goto(path);
    await expect(page.getByTestId('user-slot')).toHaveAttribute('data-state', 'ready');
    await page.waitForLoadState('networkidle');
  }
  expect(csp).toEqual([]);
  expect(errors).toEqual([]);
});
