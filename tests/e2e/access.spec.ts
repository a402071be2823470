import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';

// Every page and route checks the role on the server: walk them with each role.
type Who = 'anonymous' | 'student' | 'student2' | 'teacher' | 'teacher2' | 'admin';
const EMAIL: Record<Exclude<Who, 'anonymous'>, string> = {
  student: 'student@layerlab.test',
  student2: 'student2@layerlab.test',
  teacher: 'teacher@layerlab.test',
  teacher2: 'teacher2@layerlab.test', // teaches another class
  admin: 'admin@layerlab.test',
};

async function as(browser: Browser, who: Who): Promise<APIRequestContext> {
  const context = await browser.newContext();
  if (who !== 'anonymous') {
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(EMAIL[who]);
    await page.getByLabel('Password').fill('layerlab');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }
  return context.request;
}

/** Where a page ends up: 'ok', 'login' (redirected to sign in) or 'forbidden'. */
async function pageOutcome(req: APIRequestContext, path: string) {
  const res = await req.get(path);
  const url = new URL(res.url());
  if (url.pathname.startsWith('/login')) return 'login';
  if (url.pathname.startsWith('/forbidden') || res.status() === 403) return 'forbidden';
  if (res.status() === 404) return 'not-found';
  return res.ok() ? 'ok' : `status ${res.status()}`;
}

const LESSON_DOC = `---
title: "Access test lesson"
categoryPath: ["Docker", "Access"]
authorNick: "tester"
createdAt: "2026-01-01"
updateMode: "upsert"
---
Body.
`;

test('pages and routes by role', async ({ browser }) => {
  const expected: Record<string, Record<Who, string>> = {
    // Reading is public (issue 8): lessons, the category tree, lab descriptions, search, sitemap, robots.
    '/lessons': { anonymous: 'ok', student: 'ok', student2: 'ok', teacher: 'ok', teacher2: 'ok', admin: 'ok' },
    '/lessons/build-cache-in-practice': { anonymous: 'ok', student: 'ok', student2: 'ok', teacher: 'ok', teacher2: 'ok', admin: 'ok' },
    '/lessons/no-such-lesson': { anonymous: 'not-found', student: 'not-found', student2: 'not-found', teacher: 'not-found', teacher2: 'not-found', admin: 'not-found' },
    '/search?q=%EC%BA%90%EC%8B%9C': { anonymous: 'ok', student: 'ok', student2: 'ok', teacher: 'ok', teacher2: 'ok', admin: 'ok' },
    '/sitemap.xml': { anonymous: 'ok', student: 'ok', student2: 'ok', teacher: 'ok', teacher2: 'ok', admin: 'ok' },
    '/robots.txt': { anonymous: 'ok', student: 'ok', student2: 'ok', teacher: 'ok', teacher2: 'ok', admin: 'ok' },
    '/labs': { anonymous: 'ok', student: 'ok', student2: 'ok', teacher: 'ok', teacher2: 'ok', admin: 'ok' },
    '/labs/cache-order': { anonymous: 'ok', student: 'ok', student2: 'ok', teacher: 'ok', teacher2: 'ok', admin: 'ok' },
    '/labs/cache-order/starter/package.json': { anonymous: 'ok', student: 'ok', student2: 'ok', teacher: 'ok', teacher2: 'ok', admin: 'ok' },
    '/submissions': { anonymous: 'login', student: 'ok', student2: 'ok', teacher: 'ok', teacher2: 'ok', admin: 'ok' },
    '/teacher': { anonymous: 'login', student: 'forbidden', student2: 'forbidden', teacher: 'ok', teacher2: 'ok', admin: 'ok' },
    '/admin': { anonymous: 'login', student: 'forbidden', student2: 'forbidden', teacher: 'forbidden', teacher2: 'forbidden', admin: 'ok' },
  };
  const contexts = Object.fromEntries(
    await Promise.all((['anonymous', 'student', 'student2', 'teacher', 'teacher2', 'admin'] as Who[]).map(async (w) => [w, await as(browser, w)])),
  ) as Record<Who, APIRequestContext>;

  for (const [path, byRole] of Object.entries(expected)) {
    for (const [who, want] of Object.entries(byRole) as [Who, string][]) {
      expect(`${who} ${path}: ${await pageOutcome(contexts[who], path)}`).toBe(`${who} ${path}: ${want}`);
    }
  }

  // The admin upsert endpoint: anonymous 401, student/teacher 403, admin creates/keeps/refuses.
  const post = (who: Who, data: string) =>
    contexts[who].post('/api/admin/lessons', { data, headers: { 'content-type': 'text/markdown' } });
  expect((await post('anonymous', LESSON_DOC)).status()).toBe(401);
  expect((await post('student', LESSON_DOC)).status()).toBe(403);
  expect((await post('teacher', LESSON_DOC)).status()).toBe(403);
  expect((await post('teacher2', LESSON_DOC)).status()).toBe(403);
  const created = await post('admin', LESSON_DOC);
  expect([200, 201]).toContain(created.status());
  const again = await post('admin', LESSON_DOC);
  expect(await again.json()).toMatchObject({ status: 'unchanged' });
  const invalid = await post('admin', LESSON_DOC.replace('updateMode: "upsert"', 'updateMode: "replace"'));
  expect(invalid.status()).toBe(400);
  const body = await invalid.json();
  expect(JSON.stringify(body)).toContain('updateMode');

  // Only the documented body types: text/plain or no Content-Type could come from a cross-site form.
  const plain = await contexts.admin.post('/api/admin/lessons', { data: LESSON_DOC, headers: { 'content-type': 'text/plain' } });
  expect(plain.status()).toBe(415);
  const untyped = await contexts.admin.fetch('/api/admin/lessons', { method: 'POST', data: Buffer.from(LESSON_DOC) });
  expect(untyped.status()).toBe(415);
  const asJson = await contexts.admin.post('/api/admin/lessons', { data: { source: LESSON_DOC } });
  expect(asJson.status()).toBe(200);
  // Cross-site requests are refused on every state-changing route, whoever's cookie they carry.
  const crossSite: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }];
  for (const headers of crossSite) {
    const lesson = await contexts.admin.post('/api/admin/lessons', { data: LESSON_DOC, headers: { 'content-type': 'text/markdown', ...headers } });
    expect(lesson.status()).toBe(403);
    const submission = await contexts.student.post('/api/labs/cache-order/submissions', {
      data: { files: { Dockerfile: 'FROM layerlab/node:18\n' } },
      headers,
    });
    expect(submission.status()).toBe(403);
    expect((await contexts.anonymous.post('/api/internal/revalidate', { headers })).status()).toBe(403);
  }
  // A new document whose title makes an existing lesson's key: 409 naming that lesson, nothing changed.
  const clash = await post('admin', LESSON_DOC.replace('title: "Access test lesson"', 'title: "Access test lesson!"').replace('Body.', 'Other.'));
  expect(clash.status()).toBe(409);
  expect(await clash.json()).toMatchObject({ key: 'access-test-lesson', conflictsWith: { title: 'Access test lesson', url: '/lessons/access-test-lesson' } });
  // Bidi controls in a title and a YAML alias bomb are 400s naming the problem.
  const bidi = await post('admin', LESSON_DOC.replace('title: "Access test lesson"', 'title: "Access \u202Etest"'));
  expect(bidi.status()).toBe(400);
  expect(await bidi.json()).toMatchObject({ issues: [{ field: 'title', line: 2 }] });
  const bomb = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'title: x', '---', 'x'].join('\n');
  const bombed = await post('admin', bomb);
  expect(bombed.status()).toBe(400);
  expect(JSON.stringify(await bombed.json())).toContain('alias bomb');
  // An MDX document with an unknown component: 400 with line and column.
  const mdx = await post('admin', LESSON_DOC.replace('updateMode: "upsert"', 'updateMode: "upsert"\nformat: mdx').replace('Body.', 'Hi <Widget/>'));
  expect(mdx.status()).toBe(400);
  expect(await mdx.json()).toMatchObject({ issues: [{ field: '(body)', line: 9, column: 4 }] });

  // The internal revalidation hook needs its token; /api/me tells each visitor only about themselves.
  for (const who of ['anonymous', 'student', 'admin'] as Who[]) {
    expect((await contexts[who].post('/api/internal/revalidate')).status()).toBe(401);
  }
  expect(await (await contexts.anonymous.get('/api/me')).json()).toEqual({ user: null, labs: {} });
  expect(await (await contexts.student.get('/api/me')).json()).toMatchObject({ user: { email: EMAIL.student, role: 'STUDENT' } });
  expect(await (await contexts.teacher.get('/api/me')).json()).toMatchObject({ user: { email: EMAIL.teacher, role: 'TEACHER' } });
  expect(await (await contexts.admin.get('/api/me')).json()).toMatchObject({ user: { email: EMAIL.admin, role: 'ADMIN' } });
  expect((await contexts.anonymous.get('/api/me')).headers()['cache-control']).toContain('no-store');

  // Submissions: anonymous cannot submit; a student's submission is invisible to another student.
  const anonymousSubmit = await contexts.anonymous.post('/api/labs/cache-order/submissions', {
    data: { files: { Dockerfile: 'FROM layerlab/node:18\n' } },
  });
  expect(anonymousSubmit.status()).toBe(401);
  const bad = await contexts.student.post('/api/labs/cache-order/submissions', { data: { files: { 'evil.sh': 'x' } } });
  expect(bad.status()).toBe(400);
  const mine = await contexts.student.post('/api/labs/cache-order/submissions', {
    data: { files: { Dockerfile: 'FROM node:18-alpine\nCOPY . .\n' } },
  });
  expect(mine.status()).toBe(202);
  const { id } = await mine.json();
  expect((await contexts.student.get(`/api/submissions/${id}`)).status()).toBe(200);
  expect((await contexts.student2.get(`/api/submissions/${id}`)).status()).toBe(404);
  expect((await contexts.anonymous.get(`/api/submissions/${id}`)).status()).toBe(401);
  expect((await contexts.teacher.get(`/api/submissions/${id}`)).status()).toBe(200);
  expect((await contexts.teacher2.get(`/api/submissions/${id}`)).status()).toBe(404);
  expect((await contexts.admin.get(`/api/submissions/${id}`)).status()).toBe(200);
  expect(await pageOutcome(contexts.teacher2, `/submissions/${id}`)).toBe('not-found');
  const otherTeacherTable = await (await contexts.teacher2.get('/teacher')).text();
  expect(otherTeacherTable).not.toContain('Sora Student');
  expect(await pageOutcome(contexts.student2, `/submissions/${id}`)).toBe('not-found');
});

test('admin studio pages and routes by role; cross-site writes refused', async ({ browser }) => {
  const roles: Who[] = ['anonymous', 'student', 'teacher', 'teacher2', 'admin'];
  const contexts = Object.fromEntries(await Promise.all(roles.map(async (w) => [w, await as(browser, w)]))) as Record<Who, APIRequestContext>;
  const admin = contexts.admin;

  // A lesson and a category of our own to point the id routes at.
  const doc = LESSON_DOC.replace('Access test lesson', 'Studio access lesson');
  const saved = await admin.post('/api/admin/lessons/save', { data: { source: doc } });
  expect([200, 201, 409]).toContain(saved.status()); // 409: a previous run made it already
  const tree = (await (await admin.get('/api/admin/categories')).json()).tree as { id: string; name: string; children: unknown[]; lessons: { id: string; slug: string }[] }[];
  const all = JSON.stringify(tree);
  const lessonId = /"id":"([^"]+)","slug":"studio-access-lesson"/.exec(all)?.[1];
  expect(lessonId).toBeTruthy();

  const pages = ['/admin/lessons', '/admin/lessons/new', '/admin/categories', '/admin/import', `/admin/lessons/${lessonId}`, `/admin/lessons/${lessonId}/revisions`];
  for (const path of pages) {
    for (const who of roles) {
      const want = who === 'anonymous' ? 'login' : who === 'admin' ? 'ok' : 'forbidden';
      expect(`${who} ${path}: ${await pageOutcome(contexts[who], path)}`).toBe(`${who} ${path}: ${want}`);
    }
  }

  // Every studio route: 401 anonymous, 403 student/teacher; nothing happens for them.
  const category = await admin.post('/api/admin/categories', { data: { name: `Access cat ${Date.now()}` } });
  expect(category.status()).toBe(201);
  const categoryId = (await category.json()).id as string;
  const form = { files: { name: 'a.md', mimeType: 'text/markdown', buffer: Buffer.from(doc) } };
  type Call = [string, (r: APIRequestContext) => ReturnType<APIRequestContext['get']>, number];
  const calls: Call[] = [
    ['GET categories', (r) => r.get('/api/admin/categories'), 200],
    ['POST categories', (r) => r.post('/api/admin/categories', { data: { name: '' } }), 400],
    ['PATCH category', (r) => r.patch(`/api/admin/categories/${categoryId}`, { data: { name: 'Access cat renamed' } }), 200],
    ['POST preview', (r) => r.post('/api/admin/lessons/preview', { data: { source: doc } }), 200],
    ['POST save', (r) => r.post('/api/admin/lessons/save', { data: { source: doc, lessonId } }), 200],
    ['GET revisions', (r) => r.get(`/api/admin/lessons/${lessonId}/revisions`), 200],
    ['GET diff', (r) => r.get(`/api/admin/lessons/${lessonId}/diff?from=1&to=1`), 200],
    ['POST restore revision', (r) => r.post(`/api/admin/lessons/${lessonId}/revisions/1/restore`), 200],
    ['DELETE lesson', (r) => r.delete(`/api/admin/lessons/${lessonId}`), 200],
    ['POST restore lesson', (r) => r.post(`/api/admin/lessons/${lessonId}/restore`), 200],
    ['POST import (dry run)', (r) => r.post('/api/admin/import', { multipart: form }), 200],
    ['GET export', (r) => r.get('/api/admin/export'), 200],
    ['DELETE category', (r) => r.delete(`/api/admin/categories/${categoryId}`), 200],
  ];
  for (const [name, call, adminStatus] of calls) {
    for (const who of roles) {
      const want = who === 'anonymous' ? 401 : who === 'admin' ? adminStatus : 403;
      expect(`${who} ${name}: ${(await call(contexts[who])).status()}`).toBe(`${who} ${name}: ${want}`);
    }
  }

  // Cross-site: an admin's cookie with another site's Origin / Sec-Fetch-Site is refused, nothing made.
  const before = JSON.stringify((await (await admin.get('/api/admin/categories')).json()).tree);
  const evil = await admin.post('/api/admin/categories', {
    data: { name: 'Evil category' },
    headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
  });
  expect(evil.status()).toBe(403);
  const evilOrigin = await admin.post('/api/admin/lessons/save', { data: { source: doc.replace('Studio access', 'Evil') }, headers: { origin: 'http://127.0.0.1:1' } });
  expect(evilOrigin.status()).toBe(403);
  const evilDelete = await admin.delete(`/api/admin/lessons/${lessonId}`, { headers: { 'sec-fetch-site': 'same-site' } });
  expect(evilDelete.status()).toBe(403);
  expect(JSON.stringify((await (await admin.get('/api/admin/categories')).json()).tree)).toBe(before);
});

test('account pages and routes by role (issue 9); cross-site writes refused', async ({ browser }) => {
  const roles: Who[] = ['anonymous', 'student', 'teacher', 'teacher2', 'admin'];
  const contexts = Object.fromEntries(await Promise.all(roles.map(async (w) => [w, await as(browser, w)]))) as Record<Who, APIRequestContext>;
  const admin = contexts.admin;
  const stamp = Date.now().toString(36);
  const made = await admin.post('/api/admin/users', { data: { email: `walk-${stamp}@x.test`, name: 'Access walk', role: 'student' } });
  expect(made.status()).toBe(201);
  const userId = (await made.json()).account.id as string;

  const adminOnly = (who: Who) => (who === 'anonymous' ? 'login' : who === 'admin' ? 'ok' : 'forbidden');
  const pages: [string, (who: Who) => string][] = [
    ['/admin/users', adminOnly],
    ['/admin/users?q=walk', adminOnly],
    [`/admin/users/${userId}`, adminOnly],
    ['/admin/users/import', adminOnly],
    ['/admin/settings', adminOnly],
    ['/account', (who) => (who === 'anonymous' ? 'login' : 'ok')],
    // Public: the token is the authority; a bad one gets a clear message, the closed setup says so.
    ['/reset-password/not-a-real-token-at-all', () => 'ok'],
    ['/setup', () => 'ok'],
  ];
  for (const [path, want] of pages) {
    for (const who of roles) {
      expect(`${who} ${path}: ${await pageOutcome(contexts[who], path)}`).toBe(`${who} ${path}: ${want(who)}`);
    }
  }
  expect(await (await contexts.anonymous.get('/setup')).text()).toContain('already has an admin');
  expect(await (await contexts.anonymous.get('/reset-password/not-a-real-token-at-all')).text()).toContain('not valid');

  const csv = { file: { name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from('email,name,role\nnew@x.test,New,student\n') } };
  type Call = [string, (r: APIRequestContext) => ReturnType<APIRequestContext['get']>, Record<'anonymous' | 'user' | 'admin', number>];
  const admin401 = (adminStatus: number) => ({ anonymous: 401, user: 403, admin: adminStatus });
  const calls: Call[] = [
    ['GET users', (r) => r.get('/api/admin/users?q=walk'), admin401(200)],
    ['POST users (invalid)', (r) => r.post('/api/admin/users', { data: { email: 'nope', name: '', role: 'x' } }), admin401(400)],
    ['GET user', (r) => r.get(`/api/admin/users/${userId}`), admin401(200)],
    ['PATCH user', (r) => r.patch(`/api/admin/users/${userId}`, { data: { name: 'Access walk 2' } }), admin401(200)],
    ['POST reset-link', (r) => r.post(`/api/admin/users/${userId}/reset-link`), admin401(201)],
    ['POST import (preview)', (r) => r.post('/api/admin/users/import', { multipart: csv }), admin401(200)],
    ['GET settings', (r) => r.get('/api/admin/settings'), admin401(200)],
    ['PATCH settings', (r) => r.patch('/api/admin/settings', { data: {} }), admin401(200)],
    // Any signed-in user; a wrong current password changes nothing.
    ['POST account/password', (r) => r.post('/api/account/password', { data: { currentPassword: 'not it', newPassword: 'whatever passphrase' } }), { anonymous: 401, user: 400, admin: 400 }],
    // Public routes: a bad token is refused for everyone.
    ['POST reset-password', (r) => r.post('/api/reset-password', { data: { token: 'not-a-real-token-at-all', password: 'whatever passphrase' } }), { anonymous: 404, user: 404, admin: 404 }],
    ['POST setup', (r) => r.post('/api/setup', { data: { token: 'not-the-setup-token', email: 'x@x.test', name: 'X', password: 'whatever passphrase' } }), { anonymous: 403, user: 403, admin: 403 }],
  ];
  for (const [name, call, want] of calls) {
    for (const who of roles) {
      const expected = who === 'anonymous' ? want.anonymous : who === 'admin' ? want.admin : want.user;
      expect(`${who} ${name}: ${(await call(contexts[who])).status()}`).toBe(`${who} ${name}: ${expected}`);
    }
  }

  // Cross-site: an admin's (or a student's) cookie with another site's headers does nothing.
  const evil = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
  const evilCreate = await admin.post('/api/admin/users', { data: { email: `evil-${stamp}@x.test`, name: 'Evil', role: 'admin' }, headers: evil });
  expect(evilCreate.status()).toBe(403);
  expect((await (await admin.get(`/api/admin/users?q=evil-${stamp}`)).json()).accounts).toHaveLength(0);
  expect((await admin.patch(`/api/admin/users/${userId}`, { data: { disabled: true }, headers: { 'sec-fetch-site': 'same-site' } })).status()).toBe(403);
  expect((await admin.post(`/api/admin/users/${userId}/reset-link`, { headers: evil })).status()).toBe(403);
  expect((await admin.post('/api/admin/users/import?apply=1', { multipart: csv, headers: evil })).status()).toBe(403);
  expect((await admin.patch('/api/admin/settings', { data: { sessionLifetimeHours: 1 }, headers: evil })).status()).toBe(403);
  expect((await contexts.student.post('/api/account/password', { data: { currentPassword: 'layerlab', newPassword: 'whatever passphrase' }, headers: evil })).status()).toBe(403);
  expect((await contexts.anonymous.post('/api/reset-password', { data: { token: 'not-a-real-token-at-all', password: 'whatever passphrase' }, headers: evil })).status()).toBe(403);
  expect((await contexts.anonymous.post('/api/setup', { data: { token: 'x'.repeat(20), email: 'x@x.test', name: 'X', password: 'whatever passphrase' }, headers: evil })).status()).toBe(403);
  expect((await (await admin.get(`/api/admin/users/${userId}`)).json()).account.disabledAt).toBeNull();
  expect((await (await admin.get('/api/admin/settings')).json()).sessionLifetimeHours).not.toBe(1);
});
