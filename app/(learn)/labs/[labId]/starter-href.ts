/** The download URL of one starter file. */
export function starterHref(labId: string, filePath: string): string {
  return `/labs/${encodeURIComponent(labId)}/starter/${filePath.split('/').map(encodeURIComponent).join('/')}`;
}
