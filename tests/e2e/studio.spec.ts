import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { signIn } from '../helpers/e2e-auth';

// The admin studio through the browser: a category, an MDX lesson written in the editor with its live
// preview, saved, read by an anonymous visitor and a student, edited, an old revision restored, deleted and restored; a
// broken document (front matter, then MDX with JavaScript) is marked at its line. Then an import (dry run, apply) and the export.

async function studentPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, 'student@layerlab.test');
  return page;
}

/** Replace the whole document in the CodeMirror editor. */
async function setSource(page: Page, text: string) {
  const editor = page.getByTestId('lesson-source');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await editor.fill(text);
  await expect.poll(async () => (await editor.innerText()).replace(/\u200b/g, '').trim()).toContain(text.trim().split('\n').at(-1)!);
}

/** The editor's visual line `n` (1-based; every line of these short documents is rendered). */
const editorLine = (page: Page, n: number): Locator => page.locator('.cm-content .cm-line').nth(n - 1);

const stamp = Date.now().toString(36);
const CATEGORY = `Studio E2E ${stamp}`;
const TITLE = `Studio lesson ${stamp}`;
const SLUG = `studio-lesson-${stamp}`;
const lesson = (body: string, createdAt = '2026-03-01') => `---
title: "${TITLE}"
categoryPath: ["${CATEGORY}"]
authorNick: "e2e"
createdAt: "${createdAt}"
updateMode: "upsert"
format: mdx
---
## Studio section

<Callout type="tip">Copy package.json before npm install ${stamp}.</Callout>

${body}
`;

test('admin writes, previews, saves, edits, restores, deletes and restores a lesson', async ({ page, browser }) => {
  await signIn(page, 'admin@layerlab.test');

  // A category, created in the tree editor.
  await page.goto('/admin/categories');
  await page.getByLabel('New category name').fill(CATEGORY);
  await page.getByRole('button', { name: 'Create category' }).click();
  await expect(page.getByTestId('category-status')).toContainText('done');
  const item = page.locator(`[data-testid="category-item"][data-path="studio-e2e-${stamp}"]`);
  await expect(item).toBeVisible();

  // Write the lesson there; the preview renders it with the lesson renderer as we type.
  await item.getByRole('link', { name: 'New lesson here' }).first().click();
  await page.waitForURL(/\/admin\/lessons\/new\?category=/);
  await expect(page.getByTestId('lesson-source')).toContainText(`categoryPath: ["${CATEGORY}"]`);
  await setSource(page, lesson('First version of the text, with `{{.ID}}` in code.'));
  const preview = page.getByTestId('lesson-preview');
  await expect(preview.getByRole('heading', { name: TITLE, level: 1 })).toBeVisible();
  await expect(preview.getByRole('heading', { name: 'Studio section', level: 2 })).toBeVisible();
  await expect(preview.locator('code', { hasText: '{{.ID}}' })).toBeVisible();
  await expect(preview).toContainText(`Copy package.json before npm install ${stamp}.`); // the MDX component's content
  await expect(page.getByTestId('editor-issues')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/admin\/lessons\/(?!new)[^/]+$/);
  const editUrl = new URL(page.url()).pathname;
  await expect(page.getByText('Revision 1', { exact: true })).toBeVisible();

  // Public: an anonymous visitor reads it, the MDX component rendered as the lesson page renders it.
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto(`/lessons/${SLUG}`);
  await expect(anonymous.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(anonymous.getByTestId('callout')).toContainText(`Copy package.json before npm install ${stamp}.`);
  await anonymous.context().close();
  const student = await studentPage(browser);
  await student.goto(`/lessons/${SLUG}`);
  await expect(student.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(student.getByTestId('lesson')).toContainText('First version of the text');

  // Edit and save again.
  await setSource(page, lesson('Second version, edited in the studio.'));
  await expect(preview).toContainText('Second version');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-status')).toContainText('Saved (updated), revision 2');
  await student.reload();
  await expect(student.getByTestId('lesson')).toContainText('Second version');

  // Revisions: author and time, the diff, restore revision 1 (a new revision 3).
  await page.goto(`${editUrl}/revisions`);
  const rows = page.getByTestId('revisions').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Ada Admin');
  await expect(rows.first()).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
  await expect(page.getByTestId('diff-summary')).toContainText('Revision 1 → 2: 1 line added, 1 removed');
  await expect(page.getByTestId('diff').locator('tr.removed')).toContainText('First version of the text');
  await expect(page.getByTestId('diff').locator('tr.added')).toContainText('Second version');
  await page.getByRole('button', { name: 'Restore revision 1' }).click();
  await expect(page.getByText('Restored as revision 3.')).toBeVisible();
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText('restored revision 1');
  await student.reload();
  await expect(student.getByTestId('lesson')).toContainText('First version of the text');

  // The category tree in the browser: a non-empty category is not deleted; a scratch one is
  // renamed, moved under ours, and deleted.
  await page.goto('/admin/categories');
  await page.getByRole('button', { name: `Delete ${CATEGORY}` }).click();
  await expect(page.getByTestId('category-status')).toContainText('is not empty: it holds 1 lesson');
  await page.getByLabel('New category name').fill(`Scratch ${stamp}`);
  await page.getByRole('button', { name: 'Create category' }).click();
  const scratch = page.locator(`[data-testid="category-item"][data-path="scratch-${stamp}"]`);
  await expect(scratch).toBeVisible();
  await scratch.getByText(`Rename or move “Scratch ${stamp}”`).click();
  await scratch.getByLabel(`New name for Scratch ${stamp}`).fill(`Scrap ${stamp}`);
  await scratch.getByRole('button', { name: 'Rename', exact: true }).click();
  const scrap = page.locator(`[data-testid="category-item"][data-path="scrap-${stamp}"]`);
  await expect(scrap).toBeVisible();
  // The same item (same key) keeps its <details> open across the rename; open it only if closed.
  const edit = scrap.locator('details.studio-tree__edit').first();
  if (!(await edit.evaluate((d) => (d as HTMLDetailsElement).open))) await scrap.getByText(`Rename or move “Scrap ${stamp}”`).click();
  await scrap.getByLabel(`Move Scrap ${stamp} under`).selectOption({ label: CATEGORY });
  await scrap.getByRole('button', { name: 'Move', exact: true }).click();
  const moved = page.locator(`[data-testid="category-item"][data-path="studio-e2e-${stamp}/scrap-${stamp}"]`);
  await expect(moved).toBeVisible();
  await moved.getByRole('button', { name: `Delete Scrap ${stamp}` }).click();
  await expect(moved).toHaveCount(0);

  // Delete (soft): gone for readers; restore: back.
  await page.goto(editUrl);
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Delete lesson' }).click();
  await expect(page.getByTestId('deleted-banner')).toBeVisible();
  expect((await student.goto(`/lessons/${SLUG}`))?.status()).toBe(404);
  await page.getByRole('button', { name: 'Restore lesson' }).click();
  await expect(page.getByTestId('deleted-banner')).toHaveCount(0);
  expect((await student.goto(`/lessons/${SLUG}`))?.status()).toBe(200);
  await expect(student.getByTestId('lesson')).toContainText('First version of the text');

  // A broken document: its line is marked in the editor, the list names it, Save refuses.
  await page.goto('/admin/lessons/new');
  await setSource(page, lesson('Broken.', '2026-02-30').replace(TITLE, `${TITLE} broken`));
  const issues = page.getByTestId('editor-issues');
  await expect(issues).toContainText('Line 5');
  await expect(issues).toContainText('createdAt');
  await expect(editorLine(page, 5).locator('.cm-lintRange-error')).toBeVisible();
  await expect(editorLine(page, 4).locator('.cm-lintRange-error')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-status')).toContainText('Not saved: 1 problem');
  // "Line 5" moves the cursor there.
  await issues.getByRole('button', { name: 'Line 5' }).click();
  await expect(page.locator('.cm-activeLine')).toContainText('createdAt: "2026-02-30"');

  // A broken MDX body: JavaScript is refused at its line (13: after 8 lines of front matter).
  await setSource(page, lesson('Runs {process.exit(1)} here.').replace(TITLE, `${TITLE} broken mdx`));
  await expect(issues).toContainText('Line 13');
  await expect(editorLine(page, 13).locator('.cm-lintRange-error')).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-status')).toContainText('Not saved');
  await student.context().close();
});

test('admin imports documents (dry run, then apply) and exports everything as a zip', async ({ page }) => {
  await signIn(page, 'admin@layerlab.test');
  const doc = (title: string, body: string) =>
    `---\ntitle: "${title}"\ncategoryPath: ["Imported ${stamp}"]\nauthorNick: "e2e"\ncreatedAt: "2026-03-02"\nupdateMode: "upsert"\n---\n${body}\n`;
  await page.goto('/admin/import');
  await page.getByLabel(/Lesson documents/).setInputFiles([
    { name: 'one.md', mimeType: 'text/markdown', buffer: Buffer.from(doc(`Imported one ${stamp}`, 'One.')) },
    { name: 'two.mdx', mimeType: 'text/markdown', buffer: Buffer.from(doc(`Imported two ${stamp}`, 'Two.')) },
  ]);
  await page.getByRole('button', { name: 'Check (dry run)' }).click();
  const plan = page.getByTestId('import-plan');
  await expect(plan).toContainText('Dry run, nothing written yet: 2 created, 0 updated, 0 unchanged, 0 invalid.');
  await page.getByRole('button', { name: /Apply: import 2 documents/ }).click();
  await expect(plan).toContainText('Imported: 2 created');
  await page.goto('/admin/lessons');
  await expect(page.getByTestId('studio-lessons')).toContainText(`Imported one ${stamp}`);

  const res = await page.request.get('/api/admin/export');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/zip');
  const files = unzipSync(new Uint8Array(await res.body()));
  expect(Object.keys(files)).toContain('categories.yaml');
  expect(strFromU8(files[`lessons/imported-one-${stamp}.md`])).toContain('One.');
});
