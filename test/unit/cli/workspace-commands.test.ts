import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src-main/core/errors.ts';
import type { RunRecord } from '../../../src-main/core/store/runs.ts';
import { differingHyperparameters } from '../../../src-main/cli/commands/runs.ts';
import { progressLine } from '../../../src-main/cli/follow-run.ts';
import { parseCondition, parseSettings } from '../../../src-main/cli/settings-flags.ts';
import { formatDuration, formatMetric, formatTable } from '../../../src-main/cli/text-table.ts';

describe('--set key=value', () => {
  it('reads JSON values and keeps anything else as text', () => {
    expect(parseSettings(['learningRate=0.01', 'hiddenUnits=[64, 32]', 'batchNorm=false', 'optimizer=adam', 'windowEnd=null', 'note=a=b'])).toEqual({
      learningRate: 0.01,
      hiddenUnits: [64, 32],
      batchNorm: false,
      optimizer: 'adam',
      windowEnd: null,
      note: 'a=b',
    });
  });

  it('refuses a pair without a key or value separator, and a key given twice', () => {
    expect(() => parseSettings(['learningRate'])).toThrow(InputError);
    expect(() => parseSettings(['=3'])).toThrow(/expected key=value/);
    expect(() => parseSettings(['seed=1', 'seed=2'])).toThrow(/'seed' is given twice/);
  });
});

describe('--where FIELD OP VALUE', () => {
  it('reads two-character operators whole', () => {
    expect(parseCondition('hp.batchSize>=64')).toEqual({ field: 'hp.batchSize', op: '>=', value: 64 });
    expect(parseCondition('bestValLoss <= 0.05')).toEqual({ field: 'bestValLoss', op: '<=', value: 0.05 });
    expect(parseCondition('hp.optimizer!=sgd')).toEqual({ field: 'hp.optimizer', op: '!=', value: 'sgd' });
    expect(parseCondition('status=finished')).toEqual({ field: 'status', op: '=', value: 'finished' });
  });

  it('refuses an expression without an operator, a side, or with a list value', () => {
    expect(() => parseCondition('learningRate')).toThrow(/expected FIELD OP VALUE/);
    expect(() => parseCondition('<3')).toThrow(/expected FIELD OP VALUE/);
    expect(() => parseCondition('x=')).toThrow(/expected FIELD OP VALUE/);
    expect(() => parseCondition('hp.hiddenUnits=[1,2]')).toThrow(/compare with a number/);
  });
});

describe('runs compare', () => {
  it('keeps only the hyperparameters that differ, an absent one counting as different', () => {
    const run = (hyperparameters: Record<string, unknown>) => ({ hyperparameters }) as unknown as RunRecord;
    const runs = [run({ a: 1, b: [1, 2], c: { d: 'x' } }), run({ a: 1, b: [1, 3], c: { d: 'x' }, e: true })];
    expect(differingHyperparameters(runs)).toEqual([
      { key: 'b', values: ['[1,2]', '[1,3]'] },
      { key: 'e', values: [undefined, 'true'] },
    ]);
  });
});

describe('text output', () => {
  it('formats metrics, durations and tables', () => {
    expect(formatMetric(0.123456)).toBe('0.1235');
    expect(formatMetric(0.00012346)).toBe('1.235e-4');
    expect(formatMetric(null)).toBe('-');
    expect(formatMetric(Number.NaN)).toBe('-');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatTable(['ID', 'LOSS'], [['run-a', '0.5'], ['run-bb', '12']])).toBe('ID      LOSS\nrun-a    0.5\nrun-bb    12');
  });

  it('puts epoch, losses, learning rate, ETA and backend in the progress line', () => {
    const metrics = { epoch: 3, loss: 0.5, valLoss: 0.25, lr: 0.001, valMseAlpha: null, valMseXi: null, valMseD: null, seconds: 2, samplesPerSecond: 100 };
    const line = progressLine({ type: 'run-epoch', runId: 'run-1', metrics, totalEpochs: 10, startEpoch: 0, backend: 'wasm' }, 2);
    expect(line).toBe('run-1 epoch 3/10  loss 0.5  val 0.25  lr 0.001  2.00 s/epoch  ETA 0:14  wasm');
  });
});
