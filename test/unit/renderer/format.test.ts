import { describe, expect, it } from 'vitest';
import { formatValue } from '../../../src-renderer/src/lib/format.ts';

describe('formatValue', () => {
  it('writes a saved model\'s layer list readably, kind first, where a run table or Compare shows it', () => {
    const layers = [
      { kind: 'conv1d', filters: 4, kernelSize: 5, stride: 4, padding: 'same', activation: 'relu' },
      { kind: 'global-average-pool1d' },
      { kind: 'dense', units: 8, activation: 'tanh' },
    ];
    expect(formatValue(layers)).toBe('conv1d filters=4 kernelSize=5 stride=4 padding=same activation=relu; global-average-pool1d; dense units=8 activation=tanh');
    expect(formatValue([200, 100])).toBe('200, 100');
    expect(formatValue(['re', 'im'])).toBe('re, im');
  });
});
