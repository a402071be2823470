import { describe, expect, it } from 'vitest';
import type { BuildPrediction } from '../../lib/build-cache/predict';
import type { BuildRecord, StepRecord } from '../checks/types';
import { comparePrediction, mismatchLog } from './prediction';

const step = (n: number, keyword: string, cached: boolean): StepRecord => ({ n, keyword, instruction: `${keyword} x`, line: n, stage: 0, cached, verified: true });
const record = (name: string, steps: StepRecord[], ok = true) => ({ name, ok, skipped: false, steps, durationMs: 1 }) as unknown as BuildRecord;
const prediction = (name: string, fates: [string, 'cached' | 'rebuilt'][]): BuildPrediction => ({
  name,
  notes: [],
  steps: fates.map(([keyword, fate], i) => ({ n: i + 1, keyword, text: `${keyword} x`, line: i + 1, stage: 0, fate })),
});

describe('comparePrediction', () => {
  it('compares the builds after the first, step by step, leaving FROM out', () => {
    const preds = [
      prediction('initial', [['FROM', 'cached'], ['RUN', 'rebuilt']]),
      prediction('edit', [['FROM', 'cached'], ['RUN', 'cached'], ['COPY', 'rebuilt']]),
    ];
    const records = new Map([
      ['initial', record('initial', [step(1, 'FROM', false), step(2, 'RUN', true)])],
      ['edit', record('edit', [step(1, 'FROM', false), step(2, 'RUN', true), step(3, 'COPY', true)])],
    ]);
    const { report, predicted } = comparePrediction(preds, records);
    expect(report.compared).toBe(2);
    expect(report.agreed).toBe(1);
    expect(report.mismatches).toEqual([{ build: 'edit', n: 3, line: 3, instruction: 'COPY x', predictedCached: false, engineCached: true }]);
    expect([...predicted.get('edit')!]).toEqual([[2, true], [3, false]]);
    expect(mismatchLog(report)).toBe('[prediction] build edit step 3 (line 3) `COPY x`: predicted rebuilt, the engine used the cache\n');
  });

  it('leaves failed builds out', () => {
    const preds = [prediction('a', [['RUN', 'rebuilt']]), prediction('b', [['RUN', 'cached']])];
    const records = new Map([['a', record('a', [step(1, 'RUN', false)])], ['b', record('b', [step(1, 'RUN', false)], false)]]);
    expect(comparePrediction(preds, records).report).toEqual({ compared: 0, agreed: 0, mismatches: [] });
  });
});
