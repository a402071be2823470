import type { ReactNode } from 'react';

/** The page shows the lab title as its own <h1>: drop a leading `# Title` line from the task. */
export function stripLeadingH1(markdown: string): string {
  return markdown.replace(/^(?:[ \t]*\r?\n)*[ \t]{0,3}#[ \t]+[^\n]*(?:\n|$)/, '');
}

/** Plain text with `inline code` spans (lab summaries are one-line markdown). */
export function InlineCodeText({ text }: { text: string }): ReactNode {
  const parts = text.split(/(`[^`\n]+`)/g);
  return parts.map((p, i) =>
    p.length > 2 && p.startsWith('`') && p.endsWith('`') ? <code key={i}>{p.slice(1, -1)}</code> : p,
  );
}
