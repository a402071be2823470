/**
 * Matching a lab's step selector (lib/labs/step-selector.ts) against a parsed Dockerfile (pure).
 * The selector names an instruction by meaning; this module reads the instruction the way the
 * classic builder runs it (command.ts for what a RUN runs, stages.ts for which stages ship).
 */
import path from 'node:path';
import type { CommandMatcher, StepSelector } from '../../lib/labs/step-selector';
import { sourceCopies } from '../report/feedback';
import { commandsOf, shellAt, type SimpleCommand } from './command';
import { copySources, type Instruction, type ParsedDockerfile } from '../../lib/dockerfile/parse';
import { shippedChain } from './stages';

type CommandFields = Pick<CommandMatcher, 'program' | 'subcommand' | 'arguments'>;

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

/** The WORKDIR in effect at an instruction (Docker: relative WORKDIRs join the previous one). */
function workdirAt(parsed: ParsedDockerfile, ins: Instruction): string {
  let dir = '/';
  if (ins.stage < 0) return dir;
  for (const other of parsed.stages[ins.stage]?.instructions ?? []) {
    if (other.n >= ins.n) break;
    if (other.keyword === 'WORKDIR' && other.rest) dir = path.posix.resolve(dir, other.rest.replace(/^["']|["']$/g, ''));
  }
  return dir;
}

function programMatches(cmd: SimpleCommand, wanted: string, workdir: string): boolean {
  if (!wanted.includes('/')) return path.posix.basename(cmd.program) === wanted;
  if (cmd.program === wanted) return true;
  if (cmd.program.startsWith('/')) return path.posix.normalize(cmd.program) === path.posix.normalize(wanted);
  return path.posix.resolve(cmd.cwd ? path.posix.resolve(workdir, cmd.cwd) : workdir, cmd.program) === path.posix.normalize(wanted);
}

/**
 * The first operand after options. An option written without `=` may take the next word as its
 * value (`npm --loglevel warn install`), so when the first operand is not wanted and follows such an
 * option, the next operand is tried too.
 */
function subcommandMatches(args: readonly string[], wanted: readonly string[]): boolean {
  let previousWasBareOption = false;
  for (const a of args) {
    if (a === '--') return false;
    if (a.startsWith('-')) {
      previousWasBareOption = !a.includes('=');
      continue;
    }
    if (wanted.includes(a)) return true;
    if (!previousWasBareOption) return false;
    previousWasBareOption = false;
  }
  return false;
}

function argumentMatches(args: readonly string[], wanted: string): boolean {
  const base = wanted.replace(/\/+$/, '');
  return args.some((a) => a === wanted || a === base || (base !== '' && a.startsWith(`${base}/`)));
}

/** Does one simple command satisfy the program / subcommand / arguments of a matcher? */
export function commandMatches(cmd: SimpleCommand, m: CommandFields, workdir = '/'): boolean {
  if (m.program !== undefined && !list(m.program).some((p) => programMatches(cmd, p, workdir))) return false;
  if (m.subcommand !== undefined && !subcommandMatches(cmd.args, list(m.subcommand))) return false;
  if (m.arguments !== undefined && !m.arguments.every((a) => argumentMatches(cmd.args, a))) return false;
  return true;
}

/** Does some command of the instruction satisfy the matcher? */
export function instructionRuns(parsed: ParsedDockerfile, ins: Instruction, m: CommandFields): boolean {
  const workdir = workdirAt(parsed, ins);
  return commandsOf(ins, shellAt(parsed, ins)).some((c) => commandMatches(c, m, workdir));
}

function stageMatches(parsed: ParsedDockerfile, ins: Instruction, stage: string | undefined): boolean {
  if (stage === undefined) return true;
  if (stage === 'final') return ins.stage === parsed.stages.length - 1;
  if (stage === 'shipped') return shippedChain(parsed).stages.includes(ins.stage);
  return parsed.stages[ins.stage]?.name === stage.toLowerCase();
}

/** Does the instruction match the selector? */
export function selectorMatches(parsed: ParsedDockerfile, ins: Instruction, s: StepSelector): boolean {
  if (ins.keyword !== s.instruction || !stageMatches(parsed, ins, s.stage)) return false;
  if (s.program !== undefined && !instructionRuns(parsed, ins, s)) return false;
  if (s.copies !== undefined) {
    if (ins.flags.from !== undefined) return false;
    if (!copySources(ins).some((src) => sourceCopies(src, s.copies!))) return false;
  }
  return true;
}

/** Every instruction the selector matches, in Dockerfile order. */
export function selectInstructions(parsed: ParsedDockerfile, s: StepSelector): Instruction[] {
  return parsed.instructions.filter((ins) => selectorMatches(parsed, ins, s));
}
