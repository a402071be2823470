import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabDefinitionError, listLabs, loadLab as loadLabForWeb } from '../lib/labs/loader';
import { maxScore } from '../lib/labs/schema';
import { LAB_JSON_SCHEMA_FILE, labJsonSchema, LabSchema, loadLab, parseStrictLabYaml as parseLabYaml } from './labs';

const VALID = `id: demo
title: Demo
summary: A demo lab.
allowedBaseImages: [layerlab/node:18]
submit: [Dockerfile]
builds:
  - name: initial
  - name: edit
    edits:
      - kind: json-merge
        file: package.json
        value: { dependencies: { dayjs: ^1.11.13 } }
checks:
  - kind: build
    id: builds
    title: Builds
    points: 10
  - kind: cache
    id: cached
    title: Cached
    points: 30
    build: edit
    step: { instruction: RUN, program: npm, subcommand: install }
    cached: false
`;

function errorOf(text: string, expectedId?: string): LabDefinitionError {
  try {
    parseLabYaml(text, 'labs/demo/lab.yaml', expectedId);
  } catch (e) {
    if (e instanceof LabDefinitionError) return e;
    throw e;
  }
  throw new Error('expected a LabDefinitionError');
}

describe('lab.yaml schema', () => {
  it('accepts a valid definition and fills defaults', () => {
    const lab = parseLabYaml(VALID, 'labs/demo/lab.yaml', 'demo');
    expect(lab.builds[0].edits).toEqual([]);
    expect(maxScore(lab)).toBe(40);
  });

  it('names file, line and field for a wrong type', () => {
    const e = errorOf(VALID.replace('points: 30', 'points: lots'));
    expect(e.file).toBe('labs/demo/lab.yaml');
    expect(e.line).toBe(21);
    expect(e.field).toBe('checks[1].points');
    expect(e.message).toMatch(/^labs\/demo\/lab\.yaml:21: checks\[1\]\.points: /);
  });

  it('rejects unknown fields (strict), pointing at the key', () => {
    const e = errorOf(VALID.replace('    cached: false', '    cached: false\n    cachd: true'));
    expect(e.field).toBe('checks[1].cachd');
    expect(e.line).toBe(25);
    expect(e.message).toMatch(/unknown field `cachd`/);
  });

  it('validates each check with its kind\'s own options', () => {
    const missing = errorOf(VALID.replace('    cached: false\n', ''));
    expect(missing.field).toBe('checks[1].cached');
    const badKind = errorOf(VALID.replace('kind: build', 'kind: biuld'));
    expect(badKind.field).toBe('checks[0].kind');
    expect(badKind.line).toBe(14);
    // A step is selected by meaning, not by a regular expression over its text.
    const oldRegex = errorOf(VALID.replace('step: { instruction: RUN, program: npm, subcommand: install }', 'step: ^RUN.*npm install'));
    expect(oldRegex.field).toBe('checks[1].step');
    const badKeyword = errorOf(VALID.replace('instruction: RUN', 'instruction: RNU'));
    expect(badKeyword.field).toBe('checks[1].step.instruction');
    const misplaced = errorOf(VALID.replace('instruction: RUN, program: npm, subcommand: install', 'instruction: COPY, program: npm'));
    expect(misplaced.field).toBe('checks[1].step.program');
    expect(misplaced.message).toMatch(/RUN, CMD and ENTRYPOINT only/);
  });

  it('cross-checks build references, duplicates and the id', () => {
    const e = errorOf(VALID.replace('build: edit', 'build: edti'));
    expect(e.field).toBe('checks[1].build');
    expect(e.message).toMatch(/unknown build `edti`/);
    expect(e.line).toBe(22);
    expect(errorOf(VALID.replace('id: cached', 'id: builds')).field).toBe('checks[1].id');
    const id = errorOf(VALID, 'other');
    expect(id.field).toBe('id');
    expect(id.line).toBe(1);
  });

  it('accepts `requires` of an earlier check only', () => {
    const requiring = (ids: string) => VALID.replace('    cached: false\n', `    cached: false\n    requires: [${ids}]\n`);
    expect(parseLabYaml(requiring('builds'), 'labs/demo/lab.yaml', 'demo').checks[1].requires).toEqual(['builds']);
    const unknown = errorOf(requiring('bulids'));
    expect(unknown.field).toBe('checks[1].requires[0]');
    expect(unknown.message).toMatch(/required check `bulids` is no check of this lab/);
    expect(errorOf(requiring('cached')).message).toMatch(/required check `cached` does not come before it/);
  });

  it('rejects unsafe paths in edits and submit', () => {
    expect(errorOf(VALID.replace('file: package.json', 'file: ../package.json')).field).toBe('builds[1].edits[0].file');
    expect(errorOf(VALID.replace('submit: [Dockerfile]', 'submit: [/etc/passwd]')).field).toBe('submit[0]');
  });

  it('reports YAML syntax errors with their line', () => {
    const e = errorOf(VALID.replace('title: Demo', 'title: [Demo'));
    expect(e.line).toBeGreaterThanOrEqual(2);
    expect(e.message).toMatch(/YAML/);
  });

  it('describes every field (JSON Schema export)', () => {
    const json = JSON.stringify(labJsonSchema());
    expect(json).toContain('Images a submission may use in FROM');
    const shape = LabSchema.def.shape;
    for (const [key, field] of Object.entries(shape)) expect(field.description, key).toBeTruthy();
  });
});

describe('loader', () => {
  function tempLabs(files: Record<string, string>): string {
    const root = mkdtempSync(path.join(tmpdir(), 'labs-'));
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
      writeFileSync(path.join(root, p), c);
    }
    return root;
  }

  it('loads a lab with its task and starter files', async () => {
    const labsDir = tempLabs({ 'demo/lab.yaml': VALID, 'demo/task.md': '# Task', 'demo/starter/package.json': '{}', 'demo/starter/src/a.js': 'x' });
    const lab = await loadLab('demo', { labsDir });
    expect(lab.taskMarkdown).toBe('# Task');
    expect(lab.starterFiles.map((f) => f.path)).toEqual(['package.json', 'src/a.js']);
    expect(lab.effectiveLimits).toEqual({ buildTimeoutSeconds: 180, runTimeoutSeconds: 20, memoryMb: 512 });
    expect(await listLabs({ labsDir })).toEqual([{ id: 'demo', title: 'Demo', summary: 'A demo lab.', lesson: undefined, maxScore: 40 }]);
  });

  it('rejects ids that could escape the labs folder', async () => {
    for (const id of ['../etc', 'a/b', 'Demo', '', '.']) await expect(loadLab(id)).rejects.toBeInstanceOf(LabDefinitionError);
  });

  it('names a json-merge target that is not a starter file, with its line', async () => {
    const labsDir = tempLabs({ 'demo/lab.yaml': VALID, 'demo/task.md': '#', 'demo/starter/x.txt': '' });
    const err = await loadLab('demo', { labsDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabDefinitionError);
    expect((err as LabDefinitionError).field).toBe('builds[1].edits[0].file');
    expect((err as LabDefinitionError).line).toBe(11);
  });

  it('skips invalid labs in listLabs, reporting them', async () => {
    const labsDir = tempLabs({ 'bad/lab.yaml': VALID, 'bad/task.md': '#' });
    const errors: string[] = [];
    expect(await listLabs({ labsDir, onInvalid: (e) => errors.push(e.message) })).toEqual([]);
    expect(errors[0]).toMatch(/labs\/bad\/lab\.yaml:1: id: `demo` must equal the folder name `bad`/);
  });

  it('reports a selector that picks no step of the solution, at its line', async () => {
    const dockerfile = 'FROM layerlab/node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\n';
    const labsDir = tempLabs({ 'demo/lab.yaml': VALID.replace('subcommand: install', 'subcommand: ci'), 'demo/task.md': '#', 'demo/starter/package.json': '{}', 'demo/solution/Dockerfile': dockerfile });
    const err = await loadLab('demo', { labsDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabDefinitionError);
    expect((err as LabDefinitionError).field).toBe('checks[1].step');
    expect((err as LabDefinitionError).line).toBe(23);
    expect((err as LabDefinitionError).message).toMatch(/selects no step of solution\/Dockerfile/);
    // The same lab with a selector the solution has loads; the web reads it without the check options.
    writeFileSync(path.join(labsDir, 'demo/lab.yaml'), VALID);
    expect((await loadLab('demo', { labsDir })).checks[1]).toMatchObject({ kind: 'cache', cached: false });
    expect((await loadLabForWeb('demo', { labsDir })).checks.map((c) => c.id)).toEqual(['builds', 'cached']);
  });

  it('reports a relative metadata workdir and a missing reference Dockerfile', () => {
    const metadata = `${VALID}  - kind: metadata\n    id: meta\n    title: Meta\n    points: 5\n    build: initial\n    workdir: app\n`;
    expect(errorOf(metadata).field).toBe('checks[2].workdir');
    const labsDir = tempLabs({ 'demo/lab.yaml': `${VALID}  - kind: image-size\n    id: size\n    title: Size\n    points: 5\n    build: initial\n    reference: { dockerfile: reference/Dockerfile, maxPercent: 50 }\n`, 'demo/task.md': '#', 'demo/starter/package.json': '{}' });
    return expect(loadLab('demo', { labsDir })).rejects.toMatchObject({ field: 'checks[2].reference.dockerfile', message: expect.stringMatching(/does not exist in the lab folder/) });
  });

  it('keeps labs/lab.schema.json current', () => {
    const committed = readFileSync(path.join(process.cwd(), LAB_JSON_SCHEMA_FILE), 'utf8');
    expect(committed, `${LAB_JSON_SCHEMA_FILE} is out of date: run \`npm run lab:schema\` and commit it`).toBe(`${JSON.stringify(labJsonSchema(), null, 2)}\n`);
  });

  it('loads the real cache-order lab', async () => {
    const lab = await loadLab('cache-order');
    expect(lab.allowedBaseImages).toEqual(['layerlab/node:18']);
    expect(lab.builds.map((b) => b.name)).toEqual(['initial', 'source-edit', 'dep-edit']);
    expect(lab.maxScore).toBe(100);
    expect(lab.starterFiles.map((f) => f.path)).toEqual(['package.json', 'src/app.js', 'src/config.js', 'src/utils.js']);
  });
});
