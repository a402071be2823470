'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import type { ImportPlan } from '@/lib/content/import-plan';
import { callApi } from './fetch-json';
import { TableWrap } from '@/app/_components/table-wrap';

/**
 * Upload `.md`/`.mdx` documents or `.zip` archives: "Check" runs the dry run and lists what would
 * be created, updated or left unchanged (and invalid documents with their lines); "Apply" then
 * imports the same files in one transaction.
 */
export function ImportForm() {
  const [files, setFiles] = useState<File[]>([]);
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(apply: boolean) {
    const body = new FormData();
    for (const f of files) body.append('files', f, f.name);
    setBusy(true);
    setError(null);
    const res = await callApi<ImportPlan>(`/api/admin/import${apply ? '?apply=1' : ''}`, { body });
    setBusy(false);
    if (res.data && 'documents' in res.data) setPlan(res.data);
    if (!res.ok) setError(res.data.error ?? (apply ? 'Nothing was imported: fix the invalid documents first.' : `Failed (${res.status}).`));
  }

  function check(e: FormEvent) {
    e.preventDefault();
    void send(false);
  }

  const canApply = plan && !plan.applied && plan.counts.invalid === 0 && !plan.manifestError && plan.counts.created + plan.counts.updated > 0;
  return (
    <div>
      <form onSubmit={check} className="studio-inline-form">
        <label>
          Lesson documents (.md, .mdx) or .zip archives{' '}
          <input type="file" name="files" multiple accept=".md,.mdx,.zip,text/markdown,application/zip"
            onChange={(e) => { setFiles(Array.from(e.currentTarget.files ?? [])); setPlan(null); setError(null); }} />
        </label>
        <button type="submit" className="button button--small" disabled={busy || files.length === 0}>
          Check (dry run)
        </button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {plan && (
        <section aria-label="Import plan" data-testid="import-plan">
          <p role="status">
            {plan.applied ? 'Imported: ' : 'Dry run, nothing written yet: '}
            {plan.counts.created} created, {plan.counts.updated} updated, {plan.counts.unchanged} unchanged, {plan.counts.invalid} invalid.
          </p>
          {plan.manifestError && <p className="error">{plan.manifestError}</p>}
          <TableWrap label="Import plan" long>
            <table>
              <thead>
                <tr><th>File</th><th>Lesson</th><th>Result</th></tr>
              </thead>
              <tbody>
                {plan.documents.map((d) => (
                  <tr key={d.name} data-status={d.status}>
                    <td><code>{d.name}</code></td>
                    <td>{d.url && plan.applied ? <Link href={d.url}>{d.title}</Link> : d.title ?? '—'}{d.deleted ? ' (deleted lesson, stays deleted)' : ''}</td>
                    <td>
                      {d.status}
                      {d.issues && (
                        <ul>
                          {d.issues.map((i, n) => (
                            <li key={n}>line {i.line}: {i.field} {i.message}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {plan.categories.some((c) => c.status !== 'unchanged') && (
            <p className="muted">
              Categories: {plan.categories.filter((c) => c.status === 'created').length} created,{' '}
              {plan.categories.filter((c) => c.status === 'reordered').length} reordered.
            </p>
          )}
          {plan.skipped.length > 0 && <p className="muted">Skipped (not lesson documents): {plan.skipped.join(', ')}</p>}
          {canApply && (
            <button type="button" className="button" disabled={busy} onClick={() => void send(true)}>
              Apply: import {plan.counts.created + plan.counts.updated} document{plan.counts.created + plan.counts.updated === 1 ? '' : 's'}
            </button>
          )}
        </section>
      )}
    </div>
  );
}
