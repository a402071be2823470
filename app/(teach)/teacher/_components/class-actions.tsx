'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent, type ReactNode } from 'react';
import { callApi } from '@/app/(admin)/admin/_components/fetch-json';

/** The teacher's interactive leaves: each calls one route handler, then re-renders the server page. */

function useAction() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(url: string, method: string, json?: unknown): Promise<Record<string, unknown> | null> {
    setBusy(true);
    setError(null);
    const res = await callApi(url, { method, json });
    setBusy(false);
    if (!res.ok) {
      setError(res.data.error ?? `The server answered ${res.status}.`);
      return null;
    }
    router.refresh();
    return res.data;
  }
  return { busy, error, run };
}

function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="error">
      {error}
    </p>
  ) : null;
}

/** One button that sends one request (optionally after a confirmation) and refreshes the page. */
export function ActionButton(props: { url: string; method: string; json?: unknown; confirm?: string; children: ReactNode; ghost?: boolean; testId?: string }) {
  const { busy, error, run } = useAction();
  return (
    <span className="action">
      <button
        type="button"
        className={`button button--small${props.ghost === false ? '' : ' button--ghost'}`}
        disabled={busy}
        data-testid={props.testId}
        onClick={() => {
          if (props.confirm && !window.confirm(props.confirm)) return;
          void run(props.url, props.method, props.json);
        }}
      >
        {props.children}
      </button>
      <ErrorLine error={error} />
    </span>
  );
}

/** The join code with copy (code and link) and rotate. */
export function JoinCodePanel({ classId, code, archived }: { classId: string; code: string; archived: boolean }) {
  const [copied, setCopied] = useState<string | null>(null);
  const link = typeof window === 'undefined' ? `/join/${code}` : `${window.location.origin}/join/${code}`;
  async function copy(text: string, what: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`${what} copied.`);
    } catch {
      setCopied('Copy failed; select the text instead.');
    }
  }
  return (
    <div className="join-code">
      <p>
        Join code: <code className="join-code__code" data-testid="join-code">{code}</code>{' '}
        <button type="button" className="button button--small button--ghost" onClick={() => copy(code, 'Code')}>
          Copy code
        </button>{' '}
        <button type="button" className="button button--small button--ghost" onClick={() => copy(link, 'Link')}>
          Copy link
        </button>{' '}
        {archived ? null : (
          <ActionButton url={`/api/teacher/classes/${classId}/join-code`} method="POST" confirm="Make a new join code? The current one stops working at once." testId="rotate-code">
            Rotate
          </ActionButton>
        )}
      </p>
      <p className="muted">
        Students join at <code>/join/{code}</code>.{copied ? ` ${copied}` : ''}
      </p>
    </div>
  );
}

/** Create a class: name and IANA time zone (suggestions from the browser's list). */
export function CreateClassForm({ defaultTimeZone, zones }: { defaultTimeZone: string; zones: string[] }) {
  const { busy, error, run } = useAction();
  const router = useRouter();
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const made = await run('/api/teacher/classes', 'POST', { name: String(f.get('name') ?? ''), timeZone: String(f.get('timeZone') ?? '') });
    if (made?.url) router.push(String(made.url));
  }
  return (
    <form className="form form--inline" onSubmit={onSubmit} data-testid="create-class">
      <label>
        Class name
        <input name="name" type="text" required maxLength={100} />
      </label>
      <label>
        Time zone
        <input name="timeZone" type="text" list="time-zones" defaultValue={defaultTimeZone} required maxLength={64} />
      </label>
      <datalist id="time-zones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <button className="button" type="submit" disabled={busy}>
        Create class
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

/** Add a co-teacher by e-mail (a TEACHER account). */
export function AddTeacherForm({ classId }: { classId: string }) {
  const { busy, error, run } = useAction();
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const ok = await run(`/api/teacher/classes/${classId}/teachers`, 'POST', { email: String(new FormData(form).get('email') ?? '') });
    if (ok) form.reset();
  }
  return (
    <form className="form form--inline" onSubmit={onSubmit}>
      <label>
        Teacher&apos;s e-mail
        <input name="email" type="email" required maxLength={320} />
      </label>
      <button className="button button--small" type="submit" disabled={busy}>
        Add co-teacher
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

export type AssignmentFormValues = { id?: string; labId: string; opensAt: string; dueAt: string; latePolicy: 'ACCEPT_LATE' | 'REFUSE_LATE' };

/** Create (no `initial.id`) or edit an assignment; dates are wall-clock times in the class's zone. */
export function AssignmentForm(props: { classId: string; timeZone: string; labs: { id: string; title: string }[]; initial?: AssignmentFormValues; onDone?: () => void }) {
  const { busy, error, run } = useAction();
  const editing = !!props.initial?.id;
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const dates = { opensAt: String(f.get('opensAt') ?? ''), dueAt: String(f.get('dueAt') ?? ''), latePolicy: String(f.get('latePolicy') ?? 'ACCEPT_LATE') };
    const ok = editing
      ? await run(`/api/teacher/classes/${props.classId}/assignments/${props.initial!.id}`, 'PATCH', dates)
      : await run(`/api/teacher/classes/${props.classId}/assignments`, 'POST', { labId: String(f.get('labId') ?? ''), ...dates });
    if (ok) {
      if (!editing) form.reset();
      props.onDone?.();
    }
  }
  return (
    <form className="form form--inline" onSubmit={onSubmit} data-testid={editing ? 'edit-assignment' : 'new-assignment'}>
      {editing ? null : (
        <label>
          Lab
          <select name="labId" required defaultValue="">
            <option value="" disabled>
              Choose a lab
            </option>
            {props.labs.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Opens ({props.timeZone})
        <input name="opensAt" type="datetime-local" defaultValue={props.initial?.opensAt ?? ''} />
      </label>
      <label>
        Due ({props.timeZone})
        <input name="dueAt" type="datetime-local" defaultValue={props.initial?.dueAt ?? ''} />
      </label>
      <label>
        After the due date
        <select name="latePolicy" defaultValue={props.initial?.latePolicy ?? 'ACCEPT_LATE'}>
          <option value="ACCEPT_LATE">accept and mark late</option>
          <option value="REFUSE_LATE">refuse</option>
        </select>
      </label>
      <button className="button button--small" type="submit" disabled={busy}>
        {editing ? 'Save' : 'Assign lab'}
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

/** An assignment's Edit toggle (shows AssignmentForm in place). */
export function EditAssignment(props: { classId: string; timeZone: string; initial: AssignmentFormValues }) {
  const [open, setOpen] = useState(false);
  return open ? (
    <AssignmentForm classId={props.classId} timeZone={props.timeZone} labs={[]} initial={props.initial} onDone={() => setOpen(false)} />
  ) : (
    <button type="button" className="button button--small button--ghost" onClick={() => setOpen(true)}>
      Edit
    </button>
  );
}
