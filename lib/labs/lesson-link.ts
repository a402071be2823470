/** Link to a lesson (section) page (pure; shared by the grader's report and the web app). */
export function lessonHref(slug: string | undefined, section?: string): string | null {
  if (!slug) return null;
  const path = `/lessons/${slug.split('/').map(encodeURIComponent).join('/')}`;
  return section ? `${path}#${encodeURIComponent(section)}` : path;
}
