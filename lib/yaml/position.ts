import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

/**
 * 1-based line/column of the node at `p` (the key line for a map entry), or of the deepest
 * existing ancestor: how lesson front matter and lab.yaml errors name the line they are about.
 */
export function yamlPositionOf(doc: Document, lc: LineCounter, p: readonly PropertyKey[]): { line: number; col: number } | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const seg of p) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined || item === null) break;
      node = item;
      offset = rangeStart(item) ?? offset;
    } else break;
  }
  return offset === undefined ? undefined : lc.linePos(offset);
}

function rangeStart(n: unknown): number | undefined {
  const r = (n as { range?: unknown } | null | undefined)?.range;
  return Array.isArray(r) && typeof r[0] === 'number' ? r[0] : undefined;
}
