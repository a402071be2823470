'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { AdminCategoryNode } from '@/lib/content/category-admin';
import { callApi } from './fetch-json';

type Flat = { id: string; label: string; path: string };

function flatten(nodes: AdminCategoryNode[], depth = 0, out: Flat[] = []): Flat[] {
  for (const n of nodes) {
    out.push({ id: n.id, label: `${'— '.repeat(depth)}${n.name}`, path: n.path });
    flatten(n.children, depth + 1, out);
  }
  return out;
}

/**
 * The category tree with its operations: create (under any category or at the top), rename, move
 * up/down among siblings, move under another category, delete when empty. Every change is one
 * request; the server keeps the lessons' categoryPath in step and answers refusals in words.
 */
export function CategoryTreeEditor({ tree }: { tree: AdminCategoryNode[] }) {
  const router = useRouter();
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const all = flatten(tree);

  async function run(what: string, url: string, init: { method?: string; json?: unknown }) {
    setBusy(true);
    const res = await callApi(url, init);
    setBusy(false);
    if (!res.ok) {
      setStatus({ kind: 'error', text: `${what} failed: ${res.data.error ?? `the server answered ${res.status}`}` });
      return false;
    }
    setStatus({ kind: 'ok', text: `${what}: done.` });
    router.refresh();
    return true;
  }

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '');
    const parentId = String(data.get('parentId') ?? '') || null;
    if (await run(`Create "${name}"`, '/api/admin/categories', { json: { name, parentId } })) form.reset();
  }

  return (
    <div className="studio-categories">
      <form className="studio-inline-form" onSubmit={(e) => void create(e)} aria-label="New category">
        <label>
          New category name <input type="text" name="name" required maxLength={200} />
        </label>
        <label>
          under{' '}
          <select name="parentId" defaultValue="">
            <option value="">(top level)</option>
            {all.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--small" disabled={busy}>
          Create category
        </button>
      </form>
      <p role="status" aria-live="polite" data-testid="category-status" className={status?.kind === 'error' ? 'error-text' : 'muted'}>
        {status?.text}
      </p>
      {tree.length === 0 ? (
        <p className="empty">No categories yet.</p>
      ) : (
        <CategoryList nodes={tree} all={all} run={run} busy={busy} />
      )}
    </div>
  );
}

type Run = (what: string, url: string, init: { method?: string; json?: unknown }) => Promise<boolean>;

function CategoryList({ nodes, all, run, busy }: { nodes: AdminCategoryNode[]; all: Flat[]; run: Run; busy: boolean }) {
  return (
    <ul className="studio-tree">
      {nodes.map((n, i) => (
        <CategoryItem key={n.id} node={n} index={i} count={nodes.length} all={all} run={run} busy={busy} />
      ))}
    </ul>
  );
}

function CategoryItem({ node, index, count, all, run, busy }: { node: AdminCategoryNode; index: number; count: number; all: Flat[]; run: Run; busy: boolean }) {
  const url = `/api/admin/categories/${encodeURIComponent(node.id)}`;
  // A category cannot move under itself or its own subtree.
  const targets = all.filter((c) => c.id !== node.id && !c.path.startsWith(`${node.path}/`));
  const empty = node.children.length === 0 && node.lessons.length === 0;
  return (
    <li data-testid="category-item" data-path={node.path}>
      <div className="studio-tree__row">
        <strong className="studio-tree__name">{node.name}</strong> <code className="muted studio-tree__path">{node.path}</code>
        <button type="button" className="button button--small button--ghost" disabled={busy || index === 0}
          aria-label={`Move ${node.name} up`} onClick={() => void run(`Move "${node.name}" up`, url, { method: 'PATCH', json: { position: index - 1 } })}>
          ↑
        </button>
        <button type="button" className="button button--small button--ghost" disabled={busy || index === count - 1}
          aria-label={`Move ${node.name} down`} onClick={() => void run(`Move "${node.name}" down`, url, { method: 'PATCH', json: { position: index + 1 } })}>
          ↓
        </button>
        <button type="button" className="button button--small button--ghost" disabled={busy}
          aria-label={`Delete ${node.name}`} title={empty ? undefined : 'Only an empty category can be deleted'}
          onClick={() => void run(`Delete "${node.name}"`, url, { method: 'DELETE' })}>
          Delete
        </button>
        <Link className="button button--small button--ghost" href={`/admin/lessons/new?category=${encodeURIComponent(node.id)}`}>
          New lesson here
        </Link>
      </div>
      <details className="studio-tree__edit">
        <summary>Rename or move “{node.name}”</summary>
        <form className="studio-inline-form" onSubmit={(e) => {
          e.preventDefault();
          const name = String(new FormData(e.currentTarget).get('name') ?? '');
          void run(`Rename "${node.name}"`, url, { method: 'PATCH', json: { name } });
        }}>
          <label>
            New name for {node.name} <input type="text" name="name" defaultValue={node.name} required maxLength={200} />
          </label>
          <button type="submit" className="button button--small" disabled={busy}>Rename</button>
        </form>
        <form className="studio-inline-form" onSubmit={(e) => {
          e.preventDefault();
          const parentId = String(new FormData(e.currentTarget).get('parentId') ?? '') || null;
          void run(`Move "${node.name}"`, url, { method: 'PATCH', json: { parentId } });
        }}>
          <label>
            Move {node.name} under{' '}
            <select name="parentId" defaultValue="">
              <option value="">(top level)</option>
              {targets.map((c) => (
                <option key={c.id} value={c.id}>{c.label}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button--small" disabled={busy}>Move</button>
        </form>
      </details>
      {node.lessons.length > 0 && (
        <ul className="studio-tree__lessons">
          {node.lessons.map((l) => (
            <li key={l.id}>
              <Link href={`/admin/lessons/${l.id}`}>{l.title}</Link>
              {l.deleted && <span className="muted"> (deleted)</span>}
            </li>
          ))}
        </ul>
      )}
      {node.children.length > 0 && <CategoryList nodes={node.children} all={all} run={run} busy={busy} />}
    </li>
  );
}
