// The generated hyperparameter form in happy-dom: one input per described field with its default,
// each problem said inline beside its field as the user types (and tied to it for screen readers),
// the rules between fields, and reset to the base value.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeHyperparameters } from '../../src-main/core/learn/hyperparameters.ts';
import { defaultValues, rawForm, type RawForm } from '../../src-renderer/src/lib/hyperparameter-form.ts';

const { default: HyperparameterForm } = await import('../../src-renderer/src/components/HyperparameterForm.svelte');

let target: HTMLElement;
let component: ReturnType<typeof mount> | null = null;

beforeEach(() => {
  target = document.createElement('div');
  document.body.append(target);
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  target.remove();
});

function show(preset: string, curveLength: number | null = 471) {
  const descriptions = describeHyperparameters(preset);
  const props = $state({ descriptions, raw: rawForm(descriptions) as RawForm, curveLength, base: defaultValues(descriptions) });
  component = mount(HyperparameterForm, { target, props });
  flushSync();
  return props;
}

function input(key: string): HTMLInputElement {
  const element = target.querySelector<HTMLInputElement>(`#hp-${key}`);
  if (!element) throw new Error(`no input for ${key}`);
  return element;
}

function type(key: string, text: string): void {
  const element = input(key);
  element.value = text;
  element.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

function errorOf(key: string): string | null {
  return target.querySelector(`[data-error-for="${key}"]`)?.textContent?.trim() ?? null;
}

describe('HyperparameterForm', () => {
  it('draws one labelled input per field, filled with the preset defaults, and no problem', () => {
    const descriptions = describeHyperparameters('mlp');
    show('mlp');
    for (const d of descriptions) {
      const element = input(d.key);
      expect(target.querySelector(`label[for="hp-${d.key}"]`) ?? element.closest('label'), d.key).not.toBeNull();
    }
    expect(input('learningRate').value).toBe('0.001');
    expect(input('hiddenUnits').value).toBe('512, 256, 128');
    expect(input('windowEnd').placeholder).toBe('the end of the curve');
    expect((input('optimizer') as unknown as HTMLSelectElement).value).toBe('adam');
    expect(input('earlyStopping').checked).toBe(true);
    expect(target.querySelectorAll('[data-error-for]')).toHaveLength(0);
  });

  it('says what is wrong beside the field as it is typed, and clears it once fixed', () => {
    const props = show('mlp');
    type('learningRate', '-1');
    expect(props.raw.learningRate).toBe('-1');
    expect(errorOf('learningRate')).toBe('learning rate: the value must be above 0 and at most 10, not -1');
    const field = input('learningRate');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toContain('hp-learningRate-error');
    // An essential field is shown first, outside the folded groups.
    expect(field.closest('[data-group]')?.getAttribute('data-group')).toBe('essentials');
    type('learningRate', '2e-3');
    expect(errorOf('learningRate')).toBeNull();
    expect(field.hasAttribute('aria-invalid')).toBe(false);
    // A folded group says how many of its fields need fixing, and opens on them.
    type('beta1', '1.5');
    const optimizer = target.querySelector<HTMLDetailsElement>('[data-group="optimizer"]')!;
    expect(optimizer.querySelector('summary')?.textContent).toContain('1 to fix');
    expect(optimizer.open).toBe(true);
    type('beta1', '0.9');
    expect(errorOf('beta1')).toBeNull();
    expect(optimizer.querySelector('summary')?.textContent).not.toContain('to fix');
  });

  it('checks the rules between fields against the chosen data set', () => {
    show('seed-mlp', 300);
    // The seed preset's window ends at 410: past the end of 300-sample curves.
    expect(errorOf('windowEnd')).toContain('the curves have 300 samples');
    type('windowEnd', '');
    expect(errorOf('windowEnd')).toBeNull();
    type('hiddenUnits', '32, 32');
    expect(errorOf('activations')).toContain('one per hidden layer (2), not 7');
    type('activations', 'tanh');
    expect(errorOf('activations')).toBeNull();
  });

  it('marks what differs from the base and resets it, toggles flags, and dims unused fields', () => {
    const props = show('mlp');
    const field = () => target.querySelector('[data-field="dropout"]')!;
    type('dropout', '0.25');
    expect(field().classList.contains('changed')).toBe(true);
    field().querySelector<HTMLButtonElement>('button.reset')!.click();
    flushSync();
    expect(props.raw.dropout).toBe('0');
    expect(field().classList.contains('changed')).toBe(false);

    const early = input('earlyStopping');
    early.checked = false;
    early.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(props.raw.earlyStopping).toBe(false);
    expect(target.querySelector('[data-field="earlyStoppingPatience"]')!.classList.contains('unused')).toBe(true);
    expect(target.querySelector('[data-field="momentum"]')!.classList.contains('unused')).toBe(true);
  });
});
