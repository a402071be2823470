import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { SubmissionsTable } from '@/app/_components/submissions-table';
import { getCurrentUser, requireUser } from '@/lib/auth/session';
import { readingRequiresSignIn } from '@/lib/env';
import { loginPath } from '@/lib/auth/paths';
import { submittedFiles } from '@/lib/submissions/dto';
import { editableFiles, findLab } from '@/lib/submissions/labs';
import { lateSubmissionIds } from '@/lib/submissions/late-marks';
import { lastSubmittedFiles, listMySubmissions } from '@/lib/submissions/list-mine';
import { starterHref } from './starter-href';
import { SubmitForm } from './submit-form';
import { TaskBody } from './task-body';
import { InlineCodeText } from '@/app/_components/text';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ labId: string }> };

/** The editor's start when the student never submitted this file and the lab has no starter for it. */
const DOCKERFILE_SKELETON = 'FROM layerlab/node:18\n\n';

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { labId } = await props.params;
  const lab = await findLab(labId).catch(() => null);
  return { title: lab?.title ?? 'Lab' };
}

export default async function LabPage(props: Props) {
  const { labId } = await props.params;
  const here = `/labs/${encodeURIComponent(labId)}`;
  // The description is public (unless LAYERLAB_REQUIRE_SIGN_IN); submitting needs an account.
  const user = readingRequiresSignIn() ? await requireUser(undefined, here) : await getCurrentUser();
  const lab = await findLab(labId);
  if (!lab) notFound();

  const [mine, lastRaw] = user
    ? await Promise.all([listMySubmissions(user.id, { labId: lab.id, take: 50 }), lastSubmittedFiles(user.id, lab.id)])
    : [[], null];
  const last = lastRaw ? submittedFiles(lastRaw) : null;
  const late = user ? await lateSubmissionIds(user.id, mine) : undefined;
  const starters = lab.starterFiles ?? [];
  const initialFiles = editableFiles(lab).map((name) => ({
    name,
    content:
      last?.[name] ??
      starters.find((f) => f.path === name)?.content ??
      (name === 'Dockerfile' ? DOCKERFILE_SKELETON : ''),
  }));
  const lesson = lab.lesson?.slug
    ? `/lessons/${lab.lesson.slug.split('/').map(encodeURIComponent).join('/')}${
        lab.lesson.section ? `#${encodeURIComponent(lab.lesson.section)}` : ''
      }`
    : null;

  return (
    <article>
      <header className="lab-header">
        <p className="muted">
          <Link href="/labs">Labs</Link> /
        </p>
        <h1>{lab.title}</h1>
        {lab.summary ? (
          <p className="lead">
            <InlineCodeText text={lab.summary} />
          </p>
        ) : null}
        {lesson ? (
          <p>
            Background: <Link href={lesson}>the lesson for this lab</Link>
          </p>
        ) : null}
      </header>

      <h2>Task</h2>
      <div className="task">
        <TaskBody markdown={lab.taskMarkdown} />
      </div>

      {starters.length > 0 && (
        <>
          <h2>Starter files</h2>
          <p className="muted">The project your Dockerfile builds. The grader uses these files as the build context.</p>
          {starters.map((f) => (
            // The download link sits beside the disclosure, not inside its <summary> (a link inside a
            // button-like summary is one control nested in another: axe nested-interactive).
            <div key={f.path} className="file-row">
              <details className="file">
                <summary>
                  <code>{f.path}</code>
                </summary>
                <pre tabIndex={0}>
                  <code>{f.content}</code>
                </pre>
              </details>
              <a className="file-row__download" href={starterHref(lab.id, f.path)} download aria-label={`Download ${f.path}`}>
                Download
              </a>
            </div>
          ))}
        </>
      )}

      <h2>Your solution</h2>
      {user ? (
        <>
          <SubmitForm
            labId={lab.id}
            submit={lab.submit}
            files={initialFiles}
            prediction={{
              builds: lab.builds.map((b) => ({ name: b.name, description: b.description, edits: b.edits ?? [] })),
              starterFiles: starters,
            }}
          />
          <h2>Your submissions</h2>
          <SubmissionsTable rows={mine} testId="lab-submissions" late={late} />
        </>
      ) : (
        <p data-testid="sign-in-to-submit">
          <Link className="button" href={loginPath(here)}>
            Sign in to submit
          </Link>{' '}
          <span className="muted">Your Dockerfile is graded by real Docker builds; you need an account to submit.</span>
        </p>
      )}
    </article>
  );
}
