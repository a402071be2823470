/**
 * The `generate` edit (pure): bulky, deterministic filler files a lab's context needs but the
 * repository should not hold (e.g. a few MB of node_modules/ for the dockerignore lab).
 */
import { z } from 'zod';
import { relativePathProblem } from './paths';

export const GenerateEditSchema = z
  .strictObject({
    kind: z.literal('generate').describe('Create `count` filler files under `dir`, `bytes` in total (deterministic text).'),
    dir: z
      .string()
      .superRefine((p, ctx) => {
        const problem = relativePathProblem(p);
        if (problem) ctx.addIssue({ code: 'custom', message: `dir ${problem}` });
      })
      .describe('Folder of the build context that receives the files, e.g. `node_modules/.cache/webpack`.'),
    count: z.number().int().min(1).max(1000).describe('Number of files.'),
    bytes: z.number().int().min(1).max(12_000_000).describe('Total size in bytes (spread evenly over the files).'),
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]*\{n\}[A-Za-z0-9._-]*$/, 'must contain `{n}` and only letters, digits, `.`, `_`, `-`')
      .default('chunk-{n}.js')
      .describe('File name pattern; `{n}` becomes the file number (zero-padded). Default `chunk-{n}.js`.'),
  })
  .describe('Generate filler files in the build context (bulk that is not committed to the repository).');
export type GenerateEdit = z.infer<typeof GenerateEditSchema>;

/** The files of a `generate` edit: path → content. Same input, same output. */
export function generateFiles(e: Pick<GenerateEdit, 'dir' | 'count' | 'bytes' | 'name'>): Map<string, string> {
  const out = new Map<string, string>();
  const width = String(e.count).length;
  const per = Math.max(1, Math.floor(e.bytes / e.count));
  let seed = 2166136261;
  for (const c of e.dir) seed = Math.imul(seed ^ c.charCodeAt(0), 16777619) >>> 0;
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (let n = 1; n <= e.count; n++) {
    const file = e.name.replace('{n}', String(n).padStart(width, '0'));
    const header = `/* generated filler ${file} */\n`;
    const parts: string[] = [header];
    let size = header.length;
    let line = 0;
    while (size < per) {
      let word = '';
      for (let i = 0; i < 64; i++) {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        word += alphabet[seed % alphabet.length];
      }
      const text = `var v${line++}="${word}";\n`;
      parts.push(text);
      size += text.length;
    }
    out.set(`${e.dir}/${file}`, parts.join('').slice(0, Math.max(per, header.length)));
  }
  return out;
}
