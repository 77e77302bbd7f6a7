// The dispatcher checks names, arguments and results against the contract and words every failure.
import { describe, expect, it } from 'vitest';
import { dispatchCall, toWireError } from '../../../src-main/core/api/contract-dispatch.ts';
import { CancelledError, EchoFileError, InputError } from '../../../src-main/core/errors.ts';
import { UnavailableError } from '../../../src-main/core/workbench/native-dialogs.ts';
import { fakeHandlers } from '../../support/fake-core.ts';

describe('dispatchCall', () => {
  it('passes the parsed argument, defaults filled in, and returns the value', async () => {
    const seen: unknown[] = [];
    const handlers = fakeHandlers({ chooseFolder: async (args) => (seen.push(args), { path: null }) });
    await expect(dispatchCall(handlers, 'chooseFolder', { title: 'Pick' })).resolves.toEqual({ ok: true, value: { path: null } });
    expect(seen).toEqual([{ title: 'Pick', forSaving: false }]);
  });

  it('refuses unknown names, including inherited ones', async () => {
    for (const name of ['nope', 'constructor', '__proto__', 42, null]) {
      await expect(dispatchCall(fakeHandlers({}), name, {})).resolves.toMatchObject({ ok: false, error: { kind: 'protocol' } });
    }
  });

  it('reports a result that breaks the contract as an internal error', async () => {
    const handlers = fakeHandlers({ chooseFolder: async () => ({ path: 42 }) as never });
    const reply = await dispatchCall(handlers, 'chooseFolder', { title: 'Pick' });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'internal', message: expect.stringContaining('malformed result') } });
  });
});

describe('toWireError', () => {
  it('keeps the kind and location of typed errors', () => {
    expect(toWireError(new EchoFileError('/d/gauss_echos_model_r.txt', 3, 14, 'not a number'))).toEqual({
      kind: 'file',
      message: '/d/gauss_echos_model_r.txt:3:14: not a number',
      location: { path: '/d/gauss_echos_model_r.txt', line: 3, column: 14 },
    });
    expect(toWireError(new InputError('bad seed')).kind).toBe('input');
    expect(toWireError(new CancelledError()).kind).toBe('cancelled');
    expect(toWireError(new UnavailableError('a folder dialog')).kind).toBe('unavailable');
    expect(toWireError(new RangeError('boom'))).toEqual({ kind: 'internal', message: 'internal error (RangeError: boom); please report it' });
  });
});
