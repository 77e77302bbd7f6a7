// A data set's name and its kernel: an import's default name says the kernel once, and a name that
// already says its kernel is recognised (the Train form's list then leaves the kernel out).
import { describe, expect, it } from 'vitest';
import { importedDatasetName, namesKernel } from '../../../src-main/core/api/dataset-naming.ts';

describe('the default name of an imported data set', () => {
  it('says the kernel once when the folder is named after it', () => {
    expect(importedDatasetName('gauss', 'gauss')).toBe('gauss');
    expect(importedDatasetName('RKKY', 'RKKY')).toBe('RKKY');
    expect(importedDatasetName('rkky_2024', 'RKKY')).toBe('rkky_2024');
    expect(importedDatasetName('Gauss-set', 'gauss')).toBe('Gauss-set');
  });

  it('adds the kernel to a folder that does not name it', () => {
    expect(importedDatasetName('challenge', 'gauss')).toBe('challenge gauss');
    expect(importedDatasetName('challenge', 'RKKY')).toBe('challenge RKKY');
    // A kernel's name inside another word is not the kernel.
    expect(importedDatasetName('gaussian', 'gauss')).toBe('gaussian gauss');
  });

  it('tells whether a name already says its kernel', () => {
    expect(namesKernel('tiny gauss', 'gauss')).toBe(true);
    expect(namesKernel('Demo RKKY', 'RKKY')).toBe(true);
    expect(namesKernel('tiny', 'gauss')).toBe(false);
    expect(namesKernel('gaussian', 'gauss')).toBe(false);
  });
});
