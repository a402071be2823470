import { renderLessonMarkdown } from '@/lib/content/render';
import { stripLeadingH1 } from '@/app/_components/text';

/** The lab task: markdown rendered (and sanitised) by the lessons' renderer; plain text if that fails. */
export async function TaskBody({ markdown: full }: { markdown: string }) {
  const markdown = stripLeadingH1(full);
  try {
    const { html } = await renderLessonMarkdown(markdown);
    return <div className="prose" data-testid="task" dangerouslySetInnerHTML={{ __html: html }} />;
  } catch (err) {
    console.error('Rendering a lab task failed; showing it as plain text.', err);
    return (
      <pre className="task-plain" data-testid="task">
        {markdown}
      </pre>
    );
  }
}
