import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './lint';
import { parseDockerfile } from '../../lib/dockerfile/parse';

const lint = (df: string, opts?: Parameters<typeof lintDockerfile>[1]) => lintDockerfile(parseDockerfile(df), opts);
const rules = (df: string) => lint(df).map((h) => `${h.line}:${h.rule}`);

describe('lint rules', () => {
  it('the lesson\'s inefficient install: consecutive RUNs, apk cache, cleanup in a later layer', () => {
    const df = 'FROM alpine:3.19\nRUN apk update\nRUN apk add curl\nRUN apk add wget\nRUN apk add vim\nRUN rm -rf /var/cache/apk/*\n';
    expect(rules(df)).toEqual(['2:consecutive-run', '2:package-cache', '3:package-cache', '4:package-cache', '5:package-cache', '6:cleanup-in-later-layer']);
    expect(lint(df)[0].message).toMatch(/^Lines 2–6: 5 consecutive RUN instructions make 5 layers/);
    expect(lint(df).find((h) => h.rule === 'cleanup-in-later-layer')!.message).toMatch(/bytes stay in the earlier layer/);
  });
  it('the lesson\'s efficient install has no hint', () => {
    expect(rules('FROM alpine:3.19\nRUN apk update && \\\n    apk add --no-cache \\\n        curl \\\n        wget \\\n        vim && \\\n    rm -rf /var/cache/apk/*\nCMD ["sh"]\n')).toEqual([]);
  });
  it('ADD where COPY fits, but not for a local tar archive or a URL', () => {
    expect(rules('FROM x\nADD app.js /app/\nADD tools.tar /opt/\nADD https://e.x/a.tgz /tmp/\nADD --chown=1 ["a b.txt", "/d/"]\n')).toEqual(['2:add-instead-of-copy', '5:add-instead-of-copy']);
  });
  it('shell-form CMD and ENTRYPOINT, with the exec form to use', () => {
    const h = lint('FROM x\nCMD npm start\nENTRYPOINT ["node"]\nCMD ["npm","start"]\n');
    expect(h.map((x) => `${x.line}:${x.rule}`)).toEqual(['2:shell-form-cmd']);
    expect(h[0].message).toContain('CMD ["npm", "start"]');
  });
  it('package caches: apt, npm, pip, and a lab\'s own cache', () => {
    expect(rules('FROM x\nRUN apt-get update && apt-get install -y curl\n')).toEqual(['2:package-cache']);
    expect(rules('FROM x\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n')).toEqual([]);
    expect(rules('FROM x\nRUN npm ci && npm cache clean --force\nRUN pip install --no-cache-dir x\n')).toEqual(['2:consecutive-run']);
    expect(rules('FROM x\nRUN npm install\n')).toEqual(['2:package-cache']);
    const caches = [{ name: 'the tools cache', install: /install\.sh/, clean: /rm -rf \/var\/cache\/tools/, fix: 'remove it' }];
    expect(lint('FROM x\nRUN /opt/t/install.sh\n', { caches }).map((x) => x.message)).toEqual([expect.stringMatching(/leaves the tools cache in its layer: remove it/)]);
    expect(lint('FROM x\nRUN /opt/t/install.sh && rm -rf /var/cache/tools\n', { caches })).toEqual([]);
  });
  it('rules can be selected; consecutive RUNs are counted per stage', () => {
    const df = 'FROM x AS a\nRUN a\nFROM x\nRUN b\nCMD b\n';
    expect(rules(df)).toEqual(['5:shell-form-cmd']);
    expect(lint(df, { rules: ['consecutive-run'] })).toEqual([]);
  });
});
