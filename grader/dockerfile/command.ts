/**
 * What a RUN / CMD / ENTRYPOINT instruction runs, as a list of simple commands (pure).
 *
 * Docker's rules (Dockerfile reference, "RUN" / "Shell and exec form"):
 *   - exec form (`RUN ["npm", "i"]`, a JSON array of strings) runs the array as argv, no shell;
 *   - shell form runs the text with the stage's SHELL, `["/bin/sh", "-c"]` by default (the SHELL
 *     instruction changes it for the instructions after it in that stage).
 * A POSIX shell script is split into simple commands with `shell-quote` (a maintained tokenizer):
 * `&&`, `||`, `;`, `|`, `&`, subshell parentheses and comments. In each simple command, leading
 * `VAR=value` assignments are environment, and the wrappers `env [-i] [VAR=x…]`, `exec`, `command`,
 * `nohup`, `time`, `sudo [-opts]`, `sh|bash -c "<script>"` and `sh ./script.sh` are looked through to
 * the program they run. `cd DIR` is kept as a command of its own and also recorded as the working directory of the
 * commands after it.
 */
import path from 'node:path';
import { parse as shellParse, type ParseEntry } from 'shell-quote';
import { isJsonForm, type Instruction, type ParsedDockerfile } from '../../lib/dockerfile/parse';

export interface SimpleCommand {
  /** argv[0] as written (`npm`, `/opt/layertools/install.sh`, `./install.sh`). */
  program: string;
  /** argv[1..]. Variables are kept as written (`$HOME`), never expanded. */
  args: string[];
  /** `VAR=value` assignments in front of the command (and given to `env`). */
  env: Record<string, string>;
  /** The directory of the last `cd` before it in the same script, when there was one. */
  cwd?: string;
}

const DEFAULT_SHELL = ['/bin/sh', '-c'];
const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'busybox']);
const ASSIGNMENT_RE = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Programs that run their arguments as a command; the value says which of their options take a value. */
const WRAPPERS: Record<string, ReadonlySet<string>> = {
  env: new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']),
  exec: new Set(['-a']),
  command: new Set(),
  nohup: new Set(),
  time: new Set(['-f', '--format', '-o', '--output']),
  sudo: new Set(['-u', '--user', '-g', '--group', '-C', '-D', '--chdir', '-h', '--host', '-p', '--prompt', '-r', '--role', '-t', '--type', '-U', '--other-user']),
};

/** Is `argv` a POSIX shell invoked with `-c SCRIPT` (also `-ec`, `-xc`, `-e -c`)? Returns the script. */
function shellScriptOf(argv: readonly string[]): string | undefined {
  if (argv.length < 3 || !POSIX_SHELLS.has(path.posix.basename(argv[0]))) return undefined;
  for (let i = 1; i < argv.length - 1; i++) {
    const a = argv[i];
    if (!a.startsWith('-')) return undefined;
    if (/^-[a-z]*c[a-z]*$/.test(a)) return argv[i + 1];
  }
  return undefined;
}

function wordOf(e: ParseEntry): string | undefined {
  if (typeof e === 'string') return e;
  if (typeof e === 'object' && e !== null && 'op' in e && e.op === 'glob') return (e as { pattern: string }).pattern;
  return undefined;
}

/** Split a POSIX shell script into argv lists (operators and comments dropped). */
function scriptWords(script: string): string[][] {
  // Keep `$VAR` / `${VAR}` literal: selectors compare what was written.
  const entries = shellParse(script, (name: string) => `$${name}`);
  const out: string[][] = [];
  let current: string[] = [];
  for (const e of entries) {
    const w = wordOf(e);
    if (w !== undefined) {
      current.push(w);
      continue;
    }
    if (typeof e === 'object' && e !== null && 'comment' in e) continue;
    if (current.length) out.push(current);
    current = [];
  }
  if (current.length) out.push(current);
  return out;
}

/** Strip assignments and wrappers from one argv; recurse into `sh -c`. */
function expand(argv: string[], cwd: string | undefined, depth: number): SimpleCommand[] {
  const env: Record<string, string> = {};
  let i = 0;
  const takeAssignments = () => {
    while (i < argv.length && ASSIGNMENT_RE.test(argv[i])) {
      const eq = argv[i].indexOf('=');
      env[argv[i].slice(0, eq)] = argv[i].slice(eq + 1);
      i++;
    }
  };
  takeAssignments();
  for (let guard = 0; guard < 8 && i < argv.length; guard++) {
    const name = path.posix.basename(argv[i]);
    const valued = WRAPPERS[name];
    if (!valued) break;
    i++;
    while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '--') {
      i += valued.has(argv[i]) ? 2 : 1;
    }
    if (argv[i] === '--') i++;
    takeAssignments();
  }
  const rest = argv.slice(i);
  if (rest.length === 0) return [];
  const script = depth < 4 ? shellScriptOf(rest) : undefined;
  if (script !== undefined) return commandsOfScript(script, cwd, depth + 1).map((c) => ({ ...c, env: { ...env, ...c.env } }));
  // `sh ./install.sh args`: the shell runs a script file, which is the program that matters.
  if (POSIX_SHELLS.has(path.posix.basename(rest[0]))) {
    const file = rest.findIndex((a, k) => k > 0 && !a.startsWith('-'));
    if (file > 0) return [{ program: rest[file], args: rest.slice(file + 1), env, ...(cwd !== undefined ? { cwd } : {}) }];
  }
  return [{ program: rest[0], args: rest.slice(1), env, ...(cwd !== undefined ? { cwd } : {}) }];
}

function commandsOfScript(script: string, cwd: string | undefined, depth: number): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let dir = cwd;
  for (const words of scriptWords(script)) {
    for (const c of expand(words, dir, depth)) {
      out.push(c);
      if (c.program === 'cd' && c.args[0] !== undefined) dir = dir && !c.args[0].startsWith('/') ? path.posix.join(dir, c.args[0]) : c.args[0];
    }
  }
  return out;
}

/**
 * The SHELL in effect for each instruction (JSON array of strings), per stage: `["/bin/sh", "-c"]`
 * until a SHELL instruction changes it (Docker: SHELL applies to later instructions of its stage).
 */
export function shellAt(parsed: ParsedDockerfile, ins: Instruction): string[] {
  let shell = DEFAULT_SHELL;
  if (ins.stage < 0) return shell;
  for (const other of parsed.stages[ins.stage]?.instructions ?? []) {
    if (other.n >= ins.n) break;
    if (other.keyword === 'SHELL' && isJsonForm(other)) shell = JSON.parse(other.rest) as string[];
  }
  return shell;
}

/**
 * The simple commands an instruction runs (RUN, CMD, ENTRYPOINT; [] for any other keyword).
 * `shell`: the SHELL in effect (see `shellAt`); a non-POSIX shell (e.g. PowerShell) makes the whole
 * text one command of that shell. Never throws: an unbalanced quote is tokenised as the shell would
 * read it up to that point.
 */
export function commandsOf(ins: Pick<Instruction, 'keyword' | 'rest'>, shell: readonly string[] = DEFAULT_SHELL): SimpleCommand[] {
  if (ins.keyword !== 'RUN' && ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') return [];
  if (isJsonForm(ins as Instruction)) return expand(JSON.parse(ins.rest) as string[], undefined, 0);
  const text = ins.rest.trim();
  if (text === '') return [];
  if (!POSIX_SHELLS.has(path.posix.basename(shell[0] ?? ''))) {
    return [{ program: shell[0] ?? '', args: [...shell.slice(1), text], env: {} }];
  }
  try {
    return commandsOfScript(text, undefined, 0);
  } catch {
    return [];
  }
}
