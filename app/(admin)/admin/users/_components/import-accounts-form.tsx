'use client';

import { useState, type FormEvent } from 'react';
import type { ImportPlan } from '@/lib/accounts/csv-import';
import { callApi } from '../../_components/fetch-json';

/** The links of imported accounts as a CSV (UTF-8 with BOM so spreadsheet programs show Korean). */
function linksCsv(links: NonNullable<ImportPlan['links']>, origin: string): string {
  const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['email,name,link,expires', ...links.map((l) => [l.email, l.name, origin + l.path, l.expiresAt].map(cell).join(','))];
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/**
 * Upload a CSV: "Check" previews it (each problem with its line and field); "Import" is offered only
 * when every row is valid, and creates all accounts at once; then their one-time links are listed,
 * to copy or download.
 */
export function ImportAccountsForm() {
  const [file, setFile] = useState<File | null>(null);
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(apply: boolean) {
    if (!file) return;
    const body = new FormData();
    body.append('file', file, file.name);
    setBusy(true);
    setError(null);
    const res = await callApi<ImportPlan>(`/api/admin/users/import${apply ? '?apply=1' : ''}`, { body });
    setBusy(false);
    if (res.data && 'issues' in res.data) setPlan(res.data);
    if (!res.ok) setError(res.data.error ?? `Failed (${res.status}).`);
  }

  function check(e: FormEvent) {
    e.preventDefault();
    void send(false);
  }

  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <div>
      <form onSubmit={check} className="studio-inline-form">
        <label>
          CSV file{' '}
          <input
            type="file"
            name="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setPlan(null);
              setError(null);
            }}
          />
        </label>
        <button type="submit" className="button button--small" disabled={busy || !file}>
          Check (preview)
        </button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {plan && !plan.applied && (
        <section aria-label="Preview" data-testid="import-preview">
          {plan.issues.length > 0 ? (
            <>
              <p className="error" data-testid="import-issues-summary">
                {plan.issues.length} problem{plan.issues.length === 1 ? '' : 's'}: nothing will be imported until every row is valid. Fix the file and check it again.
              </p>
              <div className="table-wrap" role="region" aria-label="Problems in the file" tabIndex={0}>
                <table data-testid="import-issues">
                  <thead>
                    <tr>
                      <th className="num">Line</th>
                      <th>Field</th>
                      <th>Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {plan.issues.map((i, n) => (
                      <tr key={n}>
                        <td className="num">{i.line || '—'}</td>
                        <td>{i.field}</td>
                        <td>{i.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p role="status">Every row is valid: {plan.rows.length} account{plan.rows.length === 1 ? '' : 's'} to create.</p>
          )}
          {plan.rows.length > 0 && (
            <details open={plan.issues.length === 0}>
              <summary>{plan.rows.length} valid row{plan.rows.length === 1 ? '' : 's'}</summary>
              <div className="table-wrap accounts-table" role="region" aria-label="Accounts to import" tabIndex={0}>
                <table>
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th className="num">Line</th>
                      <th>E-mail</th>
                      <th>Role</th>
                    </tr>
                  </thead>
                  <tbody>
                    {plan.rows.map((r) => (
                      <tr key={r.line}>
                        <th scope="row">{r.name}</th>
                        <td className="num">{r.line}</td>
                        <td>{r.email}</td>
                        <td>{r.role.toLowerCase()}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          )}
          {plan.issues.length === 0 && plan.rows.length > 0 && (
            <button type="button" className="button" disabled={busy} onClick={() => void send(true)}>
              Import {plan.rows.length} account{plan.rows.length === 1 ? '' : 's'}
            </button>
          )}
        </section>
      )}
      {plan?.applied && plan.links && (
        <section aria-label="Imported" data-testid="import-done">
          <p role="status">
            Imported {plan.links.length} account{plan.links.length === 1 ? '' : 's'}. Each has a one-time set-password link, shown only now: copy or download them.
          </p>
          <p>
            <a
              className="button button--small"
              download="set-password-links.csv"
              href={`data:text/csv;charset=utf-8,${encodeURIComponent(linksCsv(plan.links, origin))}`}
            >
              Download the links (CSV)
            </a>
          </p>
          <div className="table-wrap accounts-table" role="region" aria-label="Set-password links" tabIndex={0}>
            <table data-testid="import-links">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>E-mail</th>
                  <th>Set-password link</th>
                </tr>
              </thead>
              <tbody>
                {plan.links.map((l) => (
                  <tr key={l.email}>
                    <th scope="row">{l.name}</th>
                    <td>{l.email}</td>
                    <td>
                      <code>{origin + l.path}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
