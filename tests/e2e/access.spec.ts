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

  // Comparing two submissions (issue 11): both ids in the viewer's scope, else 404 (no existence leak).
  const { withDb, userId, insertGradedAttempt } = await import('../helpers/e2e-db');
  const another = await withDb(async (c) => insertGradedAttempt(c, await userId(c, EMAIL.student), 'cache-order', 40, null));
  const compare = `/submissions/compare?a=${another}&b=${id}`;
  const compareExpected: Record<Who, string> = { anonymous: 'login', student: 'ok', student2: 'not-found', teacher: 'ok', teacher2: 'not-found', admin: 'ok' };
  for (const [who, want] of Object.entries(compareExpected) as [Who, string][]) {
    expect(`${who} ${compare}: ${await pageOutcome(contexts[who], compare)}`).toBe(`${who} ${compare}: ${want}`);
  }
  // One id of one's own and one of someone else's is still not found.
  const theirs = await withDb(async (c) => insertGradedAttempt(c, await userId(c, EMAIL.student2), 'cache-order', 40, null));
  expect(await pageOutcome(contexts.student, `/submissions/compare?a=${another}&b=${theirs}`)).toBe('not-found');
  expect(await pageOutcome(contexts.student2, `/submissions/compare?a=${theirs}&b=${id}`)).toBe('not-found');
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

test('classes, assignments and joining: pages and routes by role (issue 9)', async ({ browser }) => {
  const roles: Who[] = ['anonymous', 'student', 'teacher2', 'teacher', 'admin'];
  const c = Object.fromEntries(await Promise.all(roles.map(async (w) => [w, await as(browser, w)]))) as Record<Who, APIRequestContext>;
  // Each route for the roles named, in the order named (teacher2 does not teach the class: 404, no existence leak).
  type Call = (r: APIRequestContext) => ReturnType<APIRequestContext['get']>;
  async function walk(name: string, call: Call, want: Partial<Record<Who, number>>) {
    for (const [who, status] of Object.entries(want) as [Who, number][]) {
      expect(`${who} ${name}: ${(await call(c[who])).status()}`).toBe(`${who} ${name}: ${status}`);
    }
  }
  const denied = { anonymous: 401, student: 403 } as const;

  // A class of the demo teacher's to point the id routes at.
  await walk('POST classes (invalid)', (r) => r.post('/api/teacher/classes', { data: { name: '', timeZone: 'UTC' } }), { ...denied, teacher2: 400, teacher: 400, admin: 400 });
  await walk('POST classes (bad zone)', (r) => r.post('/api/teacher/classes', { data: { name: 'X', timeZone: 'Mars/Base' } }), { teacher: 400 });
  const made = await c.teacher.post('/api/teacher/classes', { data: { name: `Access class ${Date.now()}`, timeZone: 'Asia/Seoul' } });
  expect(made.status()).toBe(201);
  const { id, joinCode } = (await made.json()) as { id: string; joinCode: string };
  const api = `/api/teacher/classes/${id}`;

  // Pages.
  const pages: Record<string, Record<Exclude<Who, 'student2'>, string>> = {
    [`/teacher/classes/${id}`]: { anonymous: 'login', student: 'forbidden', teacher2: 'not-found', teacher: 'ok', admin: 'ok' },
    '/teacher/classes/no-such-class': { anonymous: 'login', student: 'forbidden', teacher2: 'not-found', teacher: 'not-found', admin: 'not-found' },
    '/join': { anonymous: 'ok', student: 'ok', teacher2: 'ok', teacher: 'ok', admin: 'ok' },
    [`/join/${joinCode}`]: { anonymous: 'ok', student: 'ok', teacher2: 'ok', teacher: 'ok', admin: 'ok' },
  };
  for (const [path, byRole] of Object.entries(pages)) {
    for (const who of roles) {
      expect(`${who} ${path}: ${await pageOutcome(c[who], path)}`).toBe(`${who} ${path}: ${byRole[who as Exclude<Who, 'student2'>]}`);
    }
  }
  // The other teacher's class list does not name this class; the student's home does not either.
  expect(await (await c.teacher2.get('/teacher')).text()).not.toContain('Access class');

  await walk('PATCH class', (r) => r.patch(api, { data: { signUpOpen: false } }), { ...denied, teacher2: 404, teacher: 200, admin: 200 });
  await walk('PATCH class (empty)', (r) => r.patch(api, { data: {} }), { teacher: 400 });
  await walk('POST join-code', (r) => r.post(`${api}/join-code`), { ...denied, teacher2: 404, teacher: 200 });
  const code = ((await (await c.admin.post(`${api}/join-code`)).json()) as { joinCode: string }).joinCode;
  await walk('POST assignment', (r) => r.post(`${api}/assignments`, { data: { labId: 'cache-order', dueAt: '2031-01-01T00:00', latePolicy: 'REFUSE_LATE' } }), { ...denied, teacher2: 404, teacher: 201, admin: 409 });
  const classPage = await (await c.teacher.get(`/teacher/classes/${id}`)).text();
  expect(classPage).toContain('2031-01-01 00:00 (Asia/Seoul)');
  const assignmentId = /assignments\/([a-z0-9]+)/.exec(classPage)?.[1];
  expect(assignmentId).toBeTruthy();
  await walk('PATCH assignment', (r) => r.patch(`${api}/assignments/${assignmentId}`, { data: { dueAt: '2031-01-02T00:00', latePolicy: 'ACCEPT_LATE' } }), { ...denied, teacher2: 404, teacher: 200, admin: 200 });

  // Joining: students only; then the teacher sees them and may remove them.
  await walk('POST join', (r) => r.post('/api/join', { data: { code } }), { anonymous: 401, teacher2: 403, teacher: 403, admin: 403, student: 200 });
  await walk('POST join (wrong code)', (r) => r.post('/api/join', { data: { code: 'ZZZZ2222' } }), { student: 404 });
  // A past due date that refuses late work: the submission API answers 409 naming the date in the class's zone.
  expect((await c.teacher.post(`${api}/assignments`, { data: { labId: 'no-secret', dueAt: '2020-01-01T09:00', latePolicy: 'REFUSE_LATE' } })).status()).toBe(201);
  const refusedLate = await c.student.post('/api/labs/no-secret/submissions', { data: { files: { Dockerfile: 'FROM layerlab/node:18\n' } } });
  expect(refusedLate.status()).toBe(409);
  expect((await refusedLate.json()).error).toBe('The due date of this lab was 2020-01-01 09:00 (Asia/Seoul); late submissions are not accepted.');
  await walk('POST sign-up (signed in)', (r) => r.post('/api/join/sign-up', { data: { code, name: 'X', email: 'x@layerlab.test', password: 'long-enough-pass' } }), { student: 409, teacher: 409, admin: 409 });
  const weak = await c.anonymous.post('/api/join/sign-up', { data: { code, name: 'Weak', email: `weak-${Date.now()}@layerlab.test`, password: 'short' } });
  expect(weak.status()).toBe(403); // sign-up was closed for this class above (signUpOpen: false)
  expect((await weak.json()).error).toContain('Sign-up is closed');
  const studentId = /students\/([a-z0-9]+)/.exec(await (await c.teacher.get(`/teacher/classes/${id}`)).text())?.[1];
  expect(studentId).toBeTruthy();
  await walk('DELETE student', (r) => r.delete(`${api}/students/${studentId}`), { ...denied, teacher2: 404, teacher: 200, admin: 404 });

  // Co-teachers: teacher2 added by e-mail may then manage the class; the last teacher stays.
  await walk('POST teacher', (r) => r.post(`${api}/teachers`, { data: { email: 'teacher2@layerlab.test' } }), { ...denied, teacher2: 404, teacher: 200, admin: 200 });
  await walk('POST teacher (a student)', (r) => r.post(`${api}/teachers`, { data: { email: 'student@layerlab.test' } }), { teacher: 400 });
  const teacher2Id = ((await (await c.teacher.post(`${api}/teachers`, { data: { email: 'teacher2@layerlab.test' } })).json()) as { userId: string }).userId;
  expect(await pageOutcome(c.teacher2, `/teacher/classes/${id}`)).toBe('ok');
  await walk('DELETE teacher', (r) => r.delete(`${api}/teachers/${teacher2Id}`), { ...denied, teacher: 200, teacher2: 404, admin: 404 });
  expect((await c.admin.post(`${api}/teachers`, { data: { email: 'teacher2@layerlab.test' } })).status()).toBe(200);
  expect((await c.teacher.delete(`${api}/teachers/${teacher2Id}`)).status()).toBe(200);
  const me = /teachers\/([a-z0-9]+)/.exec(await (await c.teacher.get(`/teacher/classes/${id}`)).text());
  expect(me).toBeNull(); // one teacher left: no Remove button
  await walk('DELETE assignment', (r) => r.delete(`${api}/assignments/${assignmentId}`), { ...denied, teacher2: 404, teacher: 200, admin: 404 });

  // Archive: read-only, cannot be joined; unarchive.
  await walk('PATCH archive', (r) => r.patch(api, { data: { archived: true } }), { ...denied, teacher2: 404, teacher: 200 });
  expect((await c.student.post('/api/join', { data: { code } })).status()).toBe(409);
  expect((await c.teacher.post(`${api}/join-code`)).status()).toBe(409);
  expect((await c.admin.patch(api, { data: { archived: false } })).status()).toBe(200);

  // Cross-site requests are refused on every new state-changing route, whoever's cookie they carry.
  for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
    expect((await c.teacher.post('/api/teacher/classes', { data: { name: 'Evil', timeZone: 'UTC' }, headers })).status()).toBe(403);
    expect((await c.teacher.patch(api, { data: { archived: true }, headers })).status()).toBe(403);
    expect((await c.teacher.post(`${api}/join-code`, { headers })).status()).toBe(403);
    expect((await c.teacher.post(`${api}/assignments`, { data: { labId: 'combine-run' }, headers })).status()).toBe(403);
    expect((await c.student.post('/api/join', { data: { code }, headers })).status()).toBe(403);
    expect((await c.anonymous.post('/api/join/sign-up', { data: { code, name: 'E', email: 'e@layerlab.test', password: 'long-enough-pass' }, headers })).status()).toBe(403);
  }
});

test('gradebook pages and regrade routes by role (issue 9)', async ({ browser }) => {
  const { withDb, demoClassId, ensureAssignment, userId, insertGradedAttempt } = await import('../helpers/e2e-db');
  const roles: Who[] = ['anonymous', 'student', 'teacher', 'teacher2', 'admin'];
  const contexts = Object.fromEntries(await Promise.all(roles.map(async (w) => [w, await as(browser, w)]))) as Record<Who, APIRequestContext>;
  const { classId, studentId, attemptId } = await withDb(async (c) => {
    const classId = await demoClassId(c);
    await ensureAssignment(c, classId, 'cache-order');
    const studentId = await userId(c, EMAIL.student);
    // A graded attempt from an earlier lab version: a regrade applies to it.
    const attemptId = await insertGradedAttempt(c, studentId, 'cache-order', 40, 'earlier-version');
    return { classId, studentId, attemptId };
  });
  const base = `/teacher/classes/${classId}`;
  // Pages: teachers of the class and admins; another teacher gets 404 (no existence leak).
  const teachersOnly: Record<Who, string> = { anonymous: 'login', student: 'forbidden', student2: 'forbidden', teacher: 'ok', teacher2: 'not-found', admin: 'ok' };
  for (const path of [`${base}/gradebook`, `${base}/labs/cache-order`, `${base}/students/${studentId}`]) {
    for (const who of roles) {
      expect(`${who} ${path}: ${await pageOutcome(contexts[who], path)}`).toBe(`${who} ${path}: ${teachersOnly[who]}`);
    }
  }
  for (const who of roles) {
    expect(`${who} not assigned: ${await pageOutcome(contexts[who], `${base}/labs/no-such-lab`)}`).toBe(`${who} not assigned: ${teachersOnly[who] === 'ok' ? 'not-found' : teachersOnly[who]}`);
    expect(`${who} not a member: ${await pageOutcome(contexts[who], `${base}/students/no-such-student`)}`).toBe(`${who} not a member: ${teachersOnly[who] === 'ok' ? 'not-found' : teachersOnly[who]}`);
  }
  // The CSV: 401 anonymous, 403 student, 404 another teacher, 200 text/csv attachment otherwise.
  const csvStatus: Record<Who, number> = { anonymous: 401, student: 403, student2: 403, teacher: 200, teacher2: 404, admin: 200 };
  for (const who of roles) {
    const res = await contexts[who].get(`${base}/gradebook.csv`);
    expect(`${who} CSV: ${res.status()}`).toBe(`${who} CSV: ${csvStatus[who]}`);
    if (res.status() === 200) {
      expect(res.headers()['content-type']).toContain('text/csv');
      expect(res.headers()['content-disposition']).toContain('attachment;');
      expect(await res.text()).not.toContain('Jun Teacher');
    }
  }
  // Regrade routes: cross-site refused; 401 anonymous, 403 student, 404 another teacher; the class's
  // teacher queues it (202), then the admin is told it is already waiting (409).
  const regradeOne = (who: Who, headers: Record<string, string> = {}) => contexts[who].post(`/api/teacher/submissions/${attemptId}/regrade`, { data: {}, headers });
  const regradeLab = (who: Who, headers: Record<string, string> = {}) => contexts[who].post(`/api/teacher/classes/${classId}/labs/cache-order/regrade`, { data: {}, headers });
  for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
    expect((await regradeOne('teacher', headers)).status()).toBe(403);
    expect((await regradeLab('admin', headers)).status()).toBe(403);
  }
  const formPost = await contexts.teacher.post(`/api/teacher/submissions/${attemptId}/regrade`, { form: { x: '1' } });
  expect(formPost.status()).toBe(415);
  const want: [Who, number][] = [['anonymous', 401], ['student', 403], ['teacher2', 404], ['teacher', 202], ['admin', 409]];
  for (const [who, status] of want) {
    expect(`${who} regrade one: ${(await regradeOne(who)).status()}`).toBe(`${who} regrade one: ${status}`);
  }
  const labWant: [Who, number][] = [['anonymous', 401], ['student', 403], ['teacher2', 404], ['teacher', 202], ['admin', 202]];
  for (const [who, status] of labWant) {
    expect(`${who} regrade lab: ${(await regradeLab(who)).status()}`).toBe(`${who} regrade lab: ${status}`);
  }
  expect((await contexts.teacher.post(`/api/teacher/classes/${classId}/labs/NOT_A_LAB/regrade`, { data: {} })).status()).toBe(400);
  const regrades = await withDb((c) => c.query(`SELECT 1 FROM "Submission" WHERE "regradeOfId" = $1`, [attemptId]));
  expect(regrades.rowCount).toBe(1); // one regrade however often it was asked for
  // The student sees their own attempt page, with its lab version, but no regrade button.
  await expect.poll(async () => (await contexts.student.get(`/submissions/${attemptId}`)).status()).toBe(200);
  expect(await (await contexts.student.get(`/submissions/${attemptId}`)).text()).not.toContain('data-testid="regrade-submission"');
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
