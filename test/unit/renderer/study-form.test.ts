// The new-study form: a budget of minutes or trials, optional search settings left to the core's
// defaults when empty, and a message for each field it refuses.
import { describe, expect, it } from 'vitest';
import { checkStudyForm, emptyStudyForm, readBudgetText, type StudyForm } from '../../../src-renderer/src/lib/study-form.ts';

function form(edits: Partial<StudyForm>): StudyForm {
  return { ...emptyStudyForm(['mlp', 'cnn1d']), datasetId: 'dataset-1', ...edits };
}

describe('checkStudyForm', () => {
  it('sends a minutes budget and only the settings given', () => {
    expect(checkStudyForm(form({ budgetAmount: '1.5' }))).toEqual({ ok: true, args: { datasetId: 'dataset-1', budget: { minutes: 1.5 }, presets: ['mlp', 'cnn1d'], backend: 'auto' } });
  });

  it('sends a trials budget with rungs, ensemble size, seed and fixed settings', () => {
    const check = checkStudyForm(
      form({ budgetKind: 'trials', budgetAmount: '3', presets: ['mlp'], rungs: '1, 2', top: '2', seed: '0', reduction: '2', bracketSize: '3', backend: 'cpu', fixed: '{"hiddenUnits": [8], "batchSize": 16}' }),
    );
    expect(check).toEqual({
      ok: true,
      args: { datasetId: 'dataset-1', budget: { trials: 3 }, presets: ['mlp'], backend: 'cpu', rungs: [1, 2], top: 2, seed: 0, reduction: 2, bracketSize: 3, fixed: { hiddenUnits: [8], batchSize: 16 } },
    });
  });

  it('refuses each bad field with its own message', () => {
    const check = checkStudyForm(form({ datasetId: '', budgetKind: 'trials', budgetAmount: '2.5', presets: [], rungs: '4, 2', top: '0', reduction: '1', fixed: '[1]' }));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual(['budgetAmount', 'datasetId', 'fixed', 'presets', 'reduction', 'rungs', 'top']);
    expect(check.errors.rungs).toContain('more epochs');
  });

  it('refuses a budget of no minutes, rungs that are not whole, and fixed settings that are not JSON', () => {
    for (const amount of ['', '0', '-1', 'soon']) expect(checkStudyForm(form({ budgetAmount: amount })).ok, amount).toBe(false);
    const check = checkStudyForm(form({ rungs: '1, two', fixed: '{batchSize: 3}' }));
    expect(check.ok || check.errors).toMatchObject({ rungs: expect.stringContaining('whole'), fixed: expect.stringContaining('not JSON') });
  });
});

describe('readBudgetText', () => {
  it('reads minutes by default or with m, trials with t, and nothing as keeping the budget', () => {
    expect(readBudgetText('90')).toEqual({ minutes: 90 });
    expect(readBudgetText(' 1.5 min ')).toEqual({ minutes: 1.5 });
    expect(readBudgetText('20t')).toEqual({ trials: 20 });
    expect(readBudgetText('3 trials')).toEqual({ trials: 3 });
    expect(readBudgetText('  ')).toBeUndefined();
  });

  it('refuses words, no time, and fractions of a trial', () => {
    for (const text of ['soon', '0', '0m', '2.5t', '-4', '5h']) expect(readBudgetText(text), text).toBeNull();
  });
});
