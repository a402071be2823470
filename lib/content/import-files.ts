import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { MANIFEST_FILE } from './category-manifest';

/**
 * Turn what an admin uploads (or a directory on disk) into lesson documents to import:
 * `.md`/`.mdx` files as they are, `.zip` archives unpacked (fflate) to the same, and at most one
 * `categories.yaml` (the export's category manifest). Other files are listed as skipped.
 *
 * Limits (a lesson is text; an export of the whole course is a few MB): 1 MiB per document,
 * 1000 documents, 50 MiB unpacked in all. Sizes inside a zip are checked against its directory
 * before inflating, and fflate never writes past the declared size.
 */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;
export const MAX_DOCUMENTS = 1000;
export const MAX_TOTAL_BYTES = 50 * 1024 * 1024;

export interface UploadedFile {
  /** The file name as uploaded, or its path inside a zip / the directory (shown to the author). */
  name: string;
  bytes: Uint8Array;
}

export interface ImportBundle {
  documents: { name: string; source: string }[];
  manifest?: { name: string; text: string };
  /** Files that could not be read (named, with the reason). */
  problems: { name: string; message: string }[];
  skipped: string[];
}

const DOC_RE = /\.(md|mdx)$/i;

/** Read uploaded files (documents, zips, categories.yaml). Never throws for bad input. */
export function readImportFiles(files: UploadedFile[]): ImportBundle {
  const bundle: ImportBundle = { documents: [], problems: [], skipped: [] };
  let total = 0;
  /** `inner`: the path inside a zip (or the file name); `name`: what the author is shown. */
  const take = (name: string, inner: string, bytes: Uint8Array) => {
    const base = inner.split('/').pop() ?? inner;
    if (base.startsWith('.') || inner.startsWith('__MACOSX/')) return; // OS metadata, not content
    const isDoc = DOC_RE.test(base);
    const isManifest = base === MANIFEST_FILE;
    if (!isDoc && !isManifest) {
      bundle.skipped.push(name);
      return;
    }
    if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
      bundle.problems.push({ name, message: 'larger than 1 MiB; a lesson document is text and far smaller.' });
      return;
    }
    total += bytes.byteLength;
    if (total > MAX_TOTAL_BYTES) {
      bundle.problems.push({ name, message: 'the upload holds more than 50 MiB of documents; split it.' });
      return;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      bundle.problems.push({ name, message: 'not UTF-8 text; save the document as UTF-8.' });
      return;
    }
    if (isManifest) {
      if (bundle.manifest) bundle.problems.push({ name, message: `a second ${MANIFEST_FILE} (the first was ${bundle.manifest.name}).` });
      else bundle.manifest = { name, text };
      return;
    }
    if (bundle.documents.length >= MAX_DOCUMENTS) {
      bundle.problems.push({ name, message: `more than ${MAX_DOCUMENTS} documents in one import.` });
      return;
    }
    bundle.documents.push({ name, source: text });
  };

  for (const file of files) {
    if (/\.zip$/i.test(file.name)) {
      let entries: Record<string, Uint8Array>;
      let tooBig: string | undefined;
      try {
        let declared = 0;
        entries = unzipSync(file.bytes, {
          filter: (f) => {
            if (f.name.endsWith('/')) return false;
            declared += f.originalSize;
            if (f.originalSize > MAX_DOCUMENT_BYTES && DOC_RE.test(f.name)) {
              bundle.problems.push({ name: `${file.name}: ${f.name}`, message: 'larger than 1 MiB unpacked.' });
              return false;
            }
            if (declared > MAX_TOTAL_BYTES) {
              tooBig ??= f.name;
              return false;
            }
            const base = f.name.split('/').pop() ?? '';
            if (DOC_RE.test(base) || base === MANIFEST_FILE) return true;
            if (!base.startsWith('.') && !f.name.startsWith('__MACOSX/')) bundle.skipped.push(`${file.name}: ${f.name}`);
            return false;
          },
        });
      } catch (err) {
        bundle.problems.push({ name: file.name, message: `not a readable zip archive (${err instanceof Error ? err.message : 'unknown error'}).` });
        continue;
      }
      if (tooBig) bundle.problems.push({ name: file.name, message: 'unpacks to more than 50 MiB; split it.' });
      for (const inner of Object.keys(entries).sort()) take(`${file.name}: ${inner}`, inner, entries[inner]);
      continue;
    }
    take(file.name, file.name, file.bytes);
  }
  bundle.documents.sort((a, b) => a.name.localeCompare(b.name));
  return bundle;
}

/**
 * Every `.md`/`.mdx` below `dir` (recursively, hidden entries skipped) and `dir/categories.yaml`,
 * named by their path relative to `dir`. Throws when `dir` is not a directory.
 */
export function readImportDirectory(dir: string): ImportBundle {
  if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
  const files: UploadedFile[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(name);
      else if (entry.isFile() && (DOC_RE.test(entry.name) || name === MANIFEST_FILE)) {
        files.push({ name, bytes: readFileSync(path.join(dir, name)) });
      }
    }
  };
  walk('');
  return readImportFiles(files);
}
