// Values kept per workspace in localStorage, read back defensively, and the Train form refilled
// from a kept draft only where the draft still fits the preset's fields.
import { describe, expect, it } from 'vitest';
import type { HyperparameterDescription } from '../../../src-main/core/api/contract.ts';
import { keptForm } from '../../../src-renderer/src/lib/hyperparameter-form.ts';
import { keptChoice, keptId, keptIds, keptInteger, keptKey, keptText, readKept, writeKept } from '../../../src-renderer/src/lib/kept-values.ts';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
    key: (index) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
  };
}

describe('kept values', () => {
  it('are stored per workspace, and read back as undefined when missing or not JSON', () => {
    const storage = memoryStorage();
    writeKept(storage, '/a', 'draft', { x: 1 });
    expect(readKept(storage, '/a', 'draft')).toEqual({ x: 1 });
    expect(readKept(storage, '/b', 'draft')).toBeUndefined();
    storage.setItem(keptKey('/a', 'broken'), '{ not json');
    expect(readKept(storage, '/a', 'broken')).toBeUndefined();
  });

  it('survive a storage that refuses to write', () => {
    const full = { setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(() => writeKept(full, '/a', 'draft', 1)).not.toThrow();
  });

  it('keep only what has the expected shape', () => {
    expect(keptIds(['run-1', 'run-1', 42, null, '<b>', 'ds-2'])).toEqual(['run-1', 'ds-2']);
    expect(keptIds('run-1')).toEqual([]);
    expect(keptIds(Array.from({ length: 500 }, (_, k) => `run-${k}`)).length).toBe(100);
    expect([keptId('run-abc'), keptId(''), keptId('a b'), keptId({})]).toEqual(['run-abc', null, null, null]);
    expect([keptText('ok', 5), keptText('too long', 5, 'x'), keptText(3, 5)]).toEqual(['ok', 'x', '']);
    expect([keptChoice('cpu', ['auto', 'cpu'], 'auto'), keptChoice('gpu', ['auto', 'cpu'], 'auto')]).toEqual(['cpu', 'auto']);
    expect([keptInteger(3, 0, 9, 0), keptInteger(3.5, 0, 9, 0), keptInteger(-1, 0, 9, 0), keptInteger('3', 0, 9, 0)]).toEqual([3, 0, 0, 0]);
  });
});

describe('keptForm', () => {
  const fields: HyperparameterDescription[] = [
    { key: 'learningRate', type: 'number', default: 0.001, group: 'optimizer', help: '' },
    { key: 'batchNorm', type: 'boolean', default: true, group: 'model', help: '' },
    { key: 'optimizer', type: 'choice', default: 'adam', options: ['adam', 'sgd'], group: 'optimizer', help: '' },
    { key: 'hiddenUnits', type: 'integer-list', default: [8, 4], group: 'model', help: '' },
  ] as HyperparameterDescription[];

  it('keeps what the user typed where it fits the field, even text that does not read yet', () => {
    expect(keptForm(fields, { learningRate: '0.0042', batchNorm: false, optimizer: 'sgd', hiddenUnits: '16,' })).toEqual({
      learningRate: '0.0042',
      batchNorm: false,
      optimizer: 'sgd',
      hiddenUnits: '16,',
    });
  });

  it('fills from the values given, else the defaults, what does not fit or is missing, and drops unknown keys', () => {
    expect(keptForm(fields, { learningRate: 7 as unknown as string, batchNorm: 'yes', optimizer: 'rmsprop', gone: '1' }, { learningRate: 0.01 })).toEqual({
      learningRate: '0.01',
      batchNorm: true,
      optimizer: 'adam',
      hiddenUnits: '8, 4',
    });
  });
});
