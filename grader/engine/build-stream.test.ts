import { describe, expect, it } from 'vitest';
import { BuildStreamParser, CappedLog } from './build-stream';

const s = (stream: string) => ({ stream });

/** A classic-builder progress stream as the daemon sends it. */
function goodStream() {
  return [
    s('Step 1/4 : FROM layerlab/node:18'), s('\n'), s(' ---> 2b41b47fe24d\n'),
    s('Step 2/4 : WORKDIR /app'), s('\n'), s(' ---> Using cache\n'), s(' ---> 2b6aea7ef244\n'),
    s('Step 3/4 : RUN npm install'), s('\n'), s(' ---> Running in 0123456789ab\n'),
    s('added 65 packages in 3s\n'), s('Removing intermediate container 0123456789ab\n'), s(' ---> 89abcdef0123\n'),
    s('Step 4/4 : CMD ["npm", "start"]'), s('\n'), s(' ---> Using cache\n'), s(' ---> 456789abcdef\n'),
    { aux: { ID: 'sha256:456789abcdef0000000000000000000000000000000000000000000000000000' } },
    s('Successfully built 456789abcdef\n'),
  ];
}

describe('BuildStreamParser', () => {
  it('reads steps, cache hits, step image ids and the final image id', () => {
    const events: [number, boolean][] = [];
    const p = new BuildStreamParser((st) => events.push([st.n, st.cached]));
    for (const m of goodStream()) p.push(m);
    const r = p.result();
    expect(r.steps.map((x) => [x.n, x.instruction, x.cached, x.imageId])).toEqual([
      [1, 'FROM layerlab/node:18', false, '2b41b47fe24d'],
      [2, 'WORKDIR /app', true, '2b6aea7ef244'],
      [3, 'RUN npm install', false, '89abcdef0123'],
      [4, 'CMD ["npm", "start"]', true, '456789abcdef'],
    ]);
    expect(events).toEqual([[1, false], [2, true], [3, false], [4, true]]);
    expect(r.total).toBe(4);
    expect(r.imageId).toMatch(/^sha256:456789abcdef/);
    expect(r.error).toBeUndefined();
    expect(r.suspicious).toBe(false);
    expect(r.steps[2].output).toBe('added 65 packages in 3s\n');
  });

  it('does not accept a "Using cache" printed by a RUN step', () => {
    const p = new BuildStreamParser();
    for (const m of [
      s('Step 1/3 : FROM layerlab/node:18\n'), s(' ---> 2b41b47fe24d\n'),
      s('Step 2/3 : RUN echo " ---> Using cache"'), s('\n'), s(' ---> Running in 0123456789ab\n'),
      s(' ---> Using cache\n'), // the RUN's own output
      s('Removing intermediate container 0123456789ab\n'), s(' ---> 89abcdef0123\n'),
      s('Step 3/3 : CMD ["x"]\n'), s(' ---> Running in 111111111111\n'), s(' ---> 222222222222\n'),
    ]) p.push(m);
    const r = p.result();
    expect(r.steps.map((x) => x.cached)).toEqual([false, false, false]);
  });

  it('treats an out-of-order (faked) step header as output and flags the stream', () => {
    const p = new BuildStreamParser();
    for (const m of [
      s('Step 1/3 : FROM layerlab/node:18\n'), s(' ---> 2b41b47fe24d\n'),
      s('Step 2/3 : RUN ./fake.sh\n'), s(' ---> Running in 0123456789ab\n'),
      s('Step 1/3 : FROM layerlab/node:18\n ---> Using cache\n'), // replayed header: out of order
      s(' ---> 89abcdef0123\n'),
      s('Step 3/3 : CMD ["x"]\n'), s(' ---> Using cache\n'), s(' ---> 222222222222\n'),
    ]) p.push(m);
    const r = p.result();
    expect(r.suspicious).toBe(true);
    expect(r.steps.map((x) => [x.n, x.cached])).toEqual([[1, false], [2, false], [3, true]]);
  });

  it('reassembles JSON objects and lines split across chunks (pushRaw)', () => {
    const p = new BuildStreamParser();
    const raw = goodStream().map((m) => JSON.stringify(m)).join('\r\n') + '\r\n';
    for (let i = 0; i < raw.length; i += 7) p.pushRaw(raw.slice(i, i + 7));
    const r = p.result();
    expect(r.steps.map((x) => x.cached)).toEqual([false, true, false, true]);
    expect(r.imageId).toBeDefined();
  });

  it('captures errors from errorDetail and the output of the failing step', () => {
    const p = new BuildStreamParser();
    for (const m of [
      s('Step 1/2 : FROM layerlab/node:18\n ---> 2b41b47fe24d\n'),
      s('Step 2/2 : RUN npm instal\n'), s(' ---> Running in 0123456789ab\n'), s('Unknown command: "instal"\n'),
      { errorDetail: { code: 1, message: "The command '/bin/sh -c npm instal' returned a non-zero code: 1" }, error: "The command '/bin/sh -c npm instal' returned a non-zero code: 1" },
    ]) p.push(m);
    const r = p.result();
    expect(r.error).toMatch(/returned a non-zero code: 1/);
    expect(r.steps[1].output).toContain('Unknown command');
    expect(r.imageId).toBeUndefined();
    expect(r.log).toContain('ERROR:');
  });
});

describe('CappedLog', () => {
  it('keeps head and tail within the cap', () => {
    const log = new CappedLog(10, 20);
    for (let i = 0; i < 100; i++) log.append('0123456789');
    const text = log.toString();
    expect(text.startsWith('0123456789')).toBe(true);
    expect(text.endsWith('01234567890123456789')).toBe(true);
    expect(text).toMatch(/970 characters of log skipped/);
  });
});

describe('ANSI escapes', () => {
  it('are removed from step output and the log', () => {
    const p = new BuildStreamParser();
    p.push({ stream: 'Step 1/2 : FROM x\n ---> 2b41b47fe24d\nStep 2/2 : RUN y\n ---> Running in 0123456789ab\n' });
    p.push({ stream: '\u001b[91m/bin/sh: y: not found\n\u001b[0m' });
    const r = p.result();
    expect(r.steps[1].output).toBe('/bin/sh: y: not found\n');
    expect(r.log).not.toContain('\u001b');
  });
});
