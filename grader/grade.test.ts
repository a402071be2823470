import type { EngineClient as Docker } from './engine/client';
import { describe, expect, it } from 'vitest';
import { gradeSubmission, InfrastructureError, type GradeEvent } from './grade';

/** A Docker client that must not be used (for submissions refused before any build). */
const untouchable = new Proxy({}, { get: () => { throw new Error('the engine must not be used'); } }) as Docker;

describe('gradeSubmission without an engine', () => {
  it('refuses bad file names as a graded result, touching no engine', async () => {
    const events: GradeEvent[] = [];
    const r = await gradeSubmission({ labId: 'cache-order', files: { Dockerfile: 'FROM layerlab/node:18', '/etc/passwd': 'x' }, docker: untouchable, onEvent: (e) => events.push(e) });
    expect(r.score).toBe(0);
    expect(r.maxScore).toBe(100);
    expect(r.checks[0].feedback).toMatch(/rejected.*is absolute/);
    expect(r.checks[1].feedback).toMatch(/^Not evaluated: the submission was refused before any build/);
    expect(r.builds.map((b) => [b.name, b.ok, b.steps.length])).toEqual([['initial', false, 0], ['source-edit', false, 0], ['dep-edit', false, 0]]);
    expect(events.every((e) => e.type === 'check')).toBe(true);
  });

  it('only the lab\'s submit files may be submitted (students), any safe path for trusted callers', async () => {
    const r = await gradeSubmission({ labId: 'cache-order', files: { Dockerfile: 'FROM node:18', 'src/app.js': 'x' }, docker: untouchable });
    expect(r.checks[0].feedback).toMatch(/This lab does not accept "src\/app\.js": submit exactly Dockerfile\./);
    // A folder part equal to a submitted file name is refused before any build, without a host path.
    const nested = await gradeSubmission({ labId: 'cache-order', files: { 'Dockerfile/x': 'FROM layerlab/node:18' }, docker: untouchable });
    expect(nested.checks[0].feedback).toBe('The submission was rejected: "Dockerfile/x" puts a file inside "Dockerfile", but "Dockerfile" is a file in this lab, not a folder: submit exactly Dockerfile.');
    const trusted = await gradeSubmission({ labId: 'cache-order', files: { Dockerfile: 'FROM node:18', 'src/app.js': 'x' }, docker: untouchable, allowAnyPath: true });
    expect(trusted.checks[0].feedback).toMatch(/base image `node:18` is not allowed/);
  });

  it('an empty or missing Dockerfile is graded, not thrown', async () => {
    const r = await gradeSubmission({ labId: 'cache-order', files: { Dockerfile: '  \n' }, docker: untouchable });
    expect(r.checks[0].feedback).toMatch(/No Dockerfile/);
  });

  it('throws InfrastructureError when the engine does not answer or a base image is missing', async () => {
    const down = { ping: async () => { throw Object.assign(new Error('connect ENOENT /x.sock'), { code: 'ENOENT' }); } } as unknown as Docker;
    await expect(gradeSubmission({ labId: 'cache-order', files: { Dockerfile: 'FROM layerlab/node:18\n' }, docker: down })).rejects.toBeInstanceOf(InfrastructureError);
    const noBase = {
      ping: async () => 'OK',
      getImage: () => ({ inspect: async () => { throw Object.assign(new Error('no such image'), { statusCode: 404 }); } }),
    } as unknown as Docker;
    await expect(gradeSubmission({ labId: 'cache-order', files: { Dockerfile: 'FROM layerlab/node:18\n' }, docker: noBase })).rejects.toThrow(/base image layerlab\/node:18 is missing/);
  });

  it('a cancelled grade is an infrastructure error (no attempt counted)', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(gradeSubmission({ labId: 'cache-order', files: { Dockerfile: 'FROM layerlab/node:18\n' }, docker: untouchable, signal: ctl.signal })).rejects.toBeInstanceOf(InfrastructureError);
  });
});
