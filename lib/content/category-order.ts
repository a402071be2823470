/**
 * The order of sibling categories: by `position`, then by name with numbers compared as numbers
 * ("3.9" before "3.10"), Korean collation. The same rule as the public tree (lib/content/queries.ts).
 */
const collator = new Intl.Collator('ko', { numeric: true, sensitivity: 'base' });

export function compareCategories(a: { position: number; name: string }, b: { position: number; name: string }): number {
  return a.position - b.position || collator.compare(a.name, b.name);
}
