import { isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
import { normaliseSource, splitFrontMatter } from './frontmatter';

/**
 * A lesson document with its front matter's `categoryPath` replaced by `names` (outermost first),
 * every other field, comment and the body kept as written. Used when a category is renamed or
 * moved, so the lesson's stored document keeps naming the category it is filed under.
 * Throws LessonDocumentError when the document has no front matter (the caller stored a valid one).
 */
export function withCategoryPath(source: string, names: readonly string[]): string {
  const normalised = normaliseSource(source);
  const split = splitFrontMatter(normalised);
  const doc = parseDocument(split.yaml);
  const before = doc.get('categoryPath', true);
  // Keep the author's style: a flow list `["A", "B"]` stays one, a block list stays a block.
  const node = doc.createNode([...names], { flow: isSeq(before) ? Boolean(before.flow) : true });
  // …and so do its quotes: names written "quoted" stay quoted.
  const first = isSeq(before) ? before.items[0] : undefined;
  const quoting = isScalar(first) ? (first.type as Scalar.Type | undefined) : undefined;
  if (quoting && quoting !== 'PLAIN') for (const item of node.items) if (isScalar(item)) item.type = quoting;
  doc.set('categoryPath', node);
  const yaml = doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
  return `---\n${yaml}\n---\n${split.body}`;
}
