import { describe, expect, it } from 'vitest';
import { backendCandidates, selectBackend } from '../../../src-main/core/learn/backend.ts';

describe('selectBackend', () => {
  it('tries the preferred backend, then every slower one', () => {
    expect(backendCandidates('auto')).toEqual(['tensorflow', 'wasm', 'cpu']);
    expect(backendCandidates('wasm')).toEqual(['wasm', 'cpu']);
    expect(backendCandidates('cpu')).toEqual(['cpu']);
    expect(() => backendCandidates('gpu' as 'cpu')).toThrow(/unknown backend 'gpu'/);
  });

  it('records why tfjs-node was skipped when it is absent, and lands on wasm', async () => {
    const choice = await selectBackend('auto');
    if (choice.name === 'tensorflow') return; // tfjs-node is installed on this machine
    expect(choice.notes[0]).toMatch(/^tensorflow skipped: /);
    expect(choice.name).toBe('wasm');
  });

  it('moves on when the probe fails on a backend, with the reason', async () => {
    const choice = await selectBackend('wasm', (name) => {
      if (name === 'wasm') throw new Error("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'");
    });
    expect(choice.name).toBe('cpu');
    expect(choice.notes).toContain("wasm skipped: Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'");
    await expect(selectBackend('cpu', () => { throw new Error('nope'); })).rejects.toThrow(/no TensorFlow.js backend could be used: cpu skipped: nope/);
  });
});
