import { z } from 'zod';
import { withHint } from '../report/feedback';
import { lastInFinalStage, requireDriver } from './final-stage';
import type { ImageInfo } from './types';
import type { ParsedDockerfile } from '../../lib/dockerfile/parse';
import { defineCheckKind } from './kind';

/** The `metadata` check's own fields in lab.yaml. */
const options = {
  build: z.string().min(1).describe('The build (from `builds`) whose image config is inspected.'),
  user: z.string().optional().describe('Expected `USER` exactly as set (e.g. `node`, `1000:1000`).'),
  nonRoot: z.boolean().optional().describe('true: the image must not run as root (USER set to something other than root/0).'),
  workdir: z.string().optional().describe('Expected WORKDIR (absolute).'),
  cmd: z.array(z.string()).optional().describe('Expected CMD, exec form (a shell-form CMD is `["/bin/sh","-c","…"]`).'),
  entrypoint: z.array(z.string()).nullable().optional().describe('Expected ENTRYPOINT, exec form; `null`: no ENTRYPOINT.'),
  exposedPorts: z
    .array(z.union([z.number().int().min(1).max(65535), z.string().regex(/^\d{1,5}(\/(tcp|udp|sctp))?$/)]))
    .optional()
    .describe('Ports that must be exposed (`3000` means `3000/tcp`); others may be exposed too.'),
  env: z.record(z.string(), z.string()).optional().describe('Environment variables that must be set, with their values.'),
  labels: z.record(z.string(), z.string()).optional().describe('Labels that must be set, with their values.'),
};

type MetadataOptions = z.infer<z.ZodObject<typeof options>>;

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '(not set)' : JSON.stringify(v));

export function normalizePort(p: string | number): string {
  const s = String(p);
  return s.includes('/') ? s : `${s}/tcp`;
}

function isRoot(user: string): boolean {
  const name = user.split(':')[0];
  return name === '' || name === 'root' || name === '0';
}

function where(parsed: ParsedDockerfile, keyword: string): string {
  const ins = lastInFinalStage(parsed, keyword);
  return ins ? ` (line ${ins.startLine} \`${ins.text}\`)` : ` (the final stage has no ${keyword})`;
}

/** Mismatches between an image config and the expected values (pure). Each: "X: expected …, actual …". */
export function metadataProblems(info: ImageInfo, o: MetadataOptions, parsed: ParsedDockerfile): string[] {
  const problems: string[] = [];
  if (o.user !== undefined && info.user !== o.user) problems.push(`USER: expected ${show(o.user)}, actual ${show(info.user)}${where(parsed, 'USER')}.`);
  if (o.nonRoot === true && isRoot(info.user)) problems.push(`USER: the image runs as root${info.user ? ` (${show(info.user)})` : ' (no USER instruction)'}; add a USER with an unprivileged account in the final stage.`);
  if (o.workdir !== undefined && info.workingDir.replace(/\/+$/, '') !== o.workdir.replace(/\/+$/, '')) {
    problems.push(`WORKDIR: expected ${show(o.workdir)}, actual ${show(info.workingDir)}${where(parsed, 'WORKDIR')}.`);
  }
  if (o.cmd !== undefined && JSON.stringify(info.cmd ?? []) !== JSON.stringify(o.cmd)) {
    const shellForm = info.cmd !== null && info.cmd.length === 3 && info.cmd[0] === '/bin/sh' && info.cmd[1] === '-c';
    const hint = shellForm ? ` Your CMD is in shell form (run through /bin/sh -c); write it in exec form: CMD ${JSON.stringify(o.cmd)}.` : '';
    problems.push(`CMD: expected ${show(o.cmd)}, actual ${show(info.cmd)}${where(parsed, 'CMD')}.${hint}`);
  }
  if (o.entrypoint !== undefined) {
    const actual = info.entrypoint && info.entrypoint.length > 0 ? info.entrypoint : null;
    if (JSON.stringify(actual) !== JSON.stringify(o.entrypoint)) {
      problems.push(`ENTRYPOINT: expected ${o.entrypoint === null ? '(none)' : show(o.entrypoint)}, actual ${actual === null ? '(none)' : show(actual)}${where(parsed, 'ENTRYPOINT')}.`);
    }
  }
  if (o.exposedPorts !== undefined) {
    const have = new Set(info.exposedPorts.map(normalizePort));
    const missing = o.exposedPorts.map(normalizePort).filter((p) => !have.has(p));
    if (missing.length) problems.push(`EXPOSE: ${missing.join(', ')} not exposed (exposed: ${have.size ? [...have].join(', ') : 'none'}); add \`EXPOSE ${missing.map((p) => p.replace(/\/tcp$/, '')).join(' ')}\`.`);
  }
  if (o.env !== undefined) {
    const env = new Map(info.env.map((e) => { const i = e.indexOf('='); return [i < 0 ? e : e.slice(0, i), i < 0 ? '' : e.slice(i + 1)] as const; }));
    for (const [k, v] of Object.entries(o.env)) {
      if (env.get(k) !== v) problems.push(`ENV ${k}: expected ${show(v)}, actual ${show(env.get(k))}${env.has(k) ? '' : `; add \`ENV ${k}=${v}\` to the final stage`}.`);
    }
  }
  if (o.labels !== undefined) {
    for (const [k, v] of Object.entries(o.labels)) {
      if (info.labels[k] !== v) problems.push(`LABEL ${k}: expected ${show(v)}, actual ${show(info.labels[k])}.`);
    }
  }
  return problems;
}

/** `metadata`: the image config (user, workdir, cmd, entrypoint, ports, env, labels) has the expected values. */
export const metadataCheck = defineCheckKind({
  kind: 'metadata',
  description:
    'The image config of build `build` has the expected user, working directory, CMD, ENTRYPOINT, exposed ports, environment and labels (only the fields given are checked).',
  options,
  help: {
    why: 'USER, WORKDIR, CMD, EXPOSE, ENV and LABEL are stored in the image config; the last one of each in the final stage wins.',
    fix: 'Set the value in the final stage of the Dockerfile.',
  },
  validate: (check) => (check.workdir !== undefined && !check.workdir.startsWith('/') ? [{ path: ['workdir'], message: 'must be an absolute path (WORKDIR as the image config records it, e.g. `/app`)' }] : []),
  async run(ctx, check) {
    const build = ctx.builds.get(check.build)!;
    const info = await requireDriver(ctx, 'inspectImage')(build.imageId!);
    const problems = metadataProblems(info, check, ctx.dockerfile);
    if (problems.length === 0) {
      const fields = ['user', 'nonRoot', 'workdir', 'cmd', 'entrypoint', 'exposedPorts', 'env', 'labels'].filter((f) => (check as Record<string, unknown>)[f] !== undefined);
      return { passed: true, feedback: `The image config of build \`${check.build}\` is as expected (${fields.join(', ')}).` };
    }
    return { passed: false, feedback: withHint(`The image config of build \`${check.build}\` differs from what the task asks:\n${problems.map((p) => `- ${p}`).join('\n')}`, check.hint) };
  },
});
