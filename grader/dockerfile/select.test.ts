import { describe, expect, it } from 'vitest';
import { StepSelectorSchema, describeSelector, type StepSelector } from '../../lib/labs/step-selector';
import { commandsOf } from './command';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import { selectInstructions } from './select';
import { shippedChain } from './stages';

const NPM_INSTALL: StepSelector = { instruction: 'RUN', program: 'npm', subcommand: ['install', 'i', 'ci'] };

/** Lines of the instructions `selector` picks in a Dockerfile whose FROM is line 1. */
function picked(body: string, selector: StepSelector = NPM_INSTALL): number[] {
  return selectInstructions(parseDockerfile(`FROM layerlab/node:18\nWORKDIR /app\n${body}\n`), selector).map((i) => i.startLine);
}

describe('step selectors match instructions by meaning (what Docker caches alike)', () => {
  it.each([
    ['RUN npm install'],
    ['RUN npm i'],
    ['RUN ["npm", "i"]'],
    ['RUN ["npm","install"]'],
    ['RUN npm --loglevel=warn install'],
    ['RUN npm --loglevel warn install'],
    ['RUN npm ci --omit=dev'],
    ['RUN cd /app && npm install'],
    ['RUN NODE_ENV=development npm install'],
    ['RUN env NODE_ENV=production npm ci'],
    ['RUN set -e; npm install; npm cache clean --force'],
    ['RUN echo start \\\n && npm install \\\n && echo done'],
    ['RUN ["/bin/sh", "-c", "npm install"]'],
    ['RUN sh -c "cd /app && npm i"'],
    ['RUN exec npm install'],
    ['RUN /usr/bin/npm install'],
    ['RUN true || npm install'],
    ['RUN (cd /app && npm install)'],
  ])('%s is a dependency install', (line) => {
    expect(picked(line)).toEqual([3]);
  });

  it.each([
    ['RUN npm run build'],
    ['RUN echo npm install'],
    ['RUN echo "npm install"'],
    ['RUN npm test # npm install later'],
    ['RUN npx install'],
    ['CMD ["npm", "install"]'],
    ['# RUN npm install'],
    ['RUN ["echo", "npm", "install"]'],
  ])('%s is not', (line) => {
    expect(picked(line)).toEqual([]);
  });

  it('finds a program by path, relative to cd and to WORKDIR, or through `sh script`', () => {
    const tools: StepSelector = { instruction: 'RUN', program: '/opt/layertools/install.sh' };
    expect(picked('RUN /opt/layertools/install.sh && rm -rf /var/cache/layertools', tools)).toEqual([3]);
    expect(picked('RUN cd /opt/layertools && ./install.sh', tools)).toEqual([3]);
    expect(picked('RUN sh /opt/layertools/install.sh', tools)).toEqual([3]);
    expect(picked('WORKDIR /opt/layertools\nRUN ./install.sh', tools)).toEqual([4]);
    expect(picked('RUN /opt/other/install.sh', tools)).toEqual([]);
  });

  it('checks required arguments, also as path prefixes', () => {
    const clean: StepSelector = { instruction: 'RUN', program: 'rm', arguments: ['/var/cache/layertools'] };
    expect(picked('RUN rm -rf /var/cache/layertools', clean)).toEqual([3]);
    expect(picked('RUN rm -rf /var/cache/layertools/*', clean)).toEqual([3]);
    expect(picked('RUN rm -rf /var/cache/layertools-old', clean)).toEqual([]);
  });

  it('selects COPY/ADD by the context path they copy, never a COPY --from', () => {
    const pkg: StepSelector = { instruction: 'COPY', copies: 'package.json' };
    expect(picked('COPY package*.json ./', pkg)).toEqual([3]);
    expect(picked('COPY . .', pkg)).toEqual([3]);
    expect(picked('COPY src/ ./src/', pkg)).toEqual([]);
    expect(picked('COPY --from=build /app/package.json .', pkg)).toEqual([]);
  });

  it('selects by stage: final, shipped (through FROM <stage>) or a name', () => {
    const df = parseDockerfile('FROM layerlab/node:18 AS deps\nRUN npm ci\nFROM deps AS build\nRUN npm i\nFROM layerlab/node:18 AS other\nRUN npm i\nFROM build\nRUN npm install\n');
    const lines = (stage: string) => selectInstructions(df, { ...NPM_INSTALL, stage }).map((i) => i.startLine);
    expect(lines('final')).toEqual([8]);
    expect(lines('shipped')).toEqual([2, 4, 8]);
    expect(lines('other')).toEqual([6]);
    expect(shippedChain(df)).toEqual({ stages: [0, 1, 3], baseImage: 'layerlab/node:18' });
  });

  it('follows SHELL: a non-POSIX shell makes the text one command of that shell', () => {
    const df = parseDockerfile('FROM x\nSHELL ["pwsh", "-Command"]\nRUN npm install\n');
    expect(commandsOf(df.instructions[2], ['pwsh', '-Command'])).toEqual([{ program: 'pwsh', args: ['-Command', 'npm install'], env: {} }]);
  });

  it('validates selectors with the field at fault, and describes them for feedback', () => {
    expect(StepSelectorSchema.safeParse({ instruction: 'COPY', program: 'npm' }).error?.issues[0].path).toEqual(['program']);
    expect(StepSelectorSchema.safeParse({ instruction: 'RUN', subcommand: 'i' }).error?.issues[0].path).toEqual(['program']);
    expect(StepSelectorSchema.safeParse('^RUN npm').success).toBe(false);
    expect(describeSelector(NPM_INSTALL)).toBe('a RUN that runs `npm install` or `npm i` or `npm ci`');
  });
});
