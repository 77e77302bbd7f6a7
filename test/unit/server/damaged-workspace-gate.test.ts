// The gate in front of a workspace whose database is damaged: every call refused with the damage
// until startFreshDatabase opens the workbench once; then calls and events are the workbench's.
import { describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../src-main/core/api/contract-dispatch.ts';
import type { EventMessage } from '../../../src-main/core/api/contract.ts';
import { DamagedDatabaseError } from '../../../src-main/core/store/database.ts';
import { DamagedWorkspaceGate, type OpenedCore } from '../../../src-main/server/damaged-workspace-gate.ts';
import { FAKE_WORKSPACE_INFO, FakeEvents } from '../../support/fake-core.ts';

const info = FAKE_WORKSPACE_INFO;
const damage = new DamagedDatabaseError('/ws/workbench.sqlite', '/ws/workbench.sqlite.damaged-1', 'file is not a database');

/** A plain object, not fake-core's proxy: a proxy answering every name would look like a promise (then) when resolved. */
function fakeCore(): OpenedCore & { events: FakeEvents; closed: number } {
  const events = new FakeEvents();
  const core = {
    getWorkspaceInfo: async () => info,
    startFreshDatabase: async () => info,
    listDatasets: async () => [],
    events,
    closed: 0,
    onEvent: (listener: (event: EventMessage) => void) => events.onEvent(listener),
    close: async () => {
      core.closed++;
    },
  };
  return core as unknown as OpenedCore & typeof core;
}

describe('DamagedWorkspaceGate', () => {
  it('refuses every call as damaged, one sentence naming where the file was kept', async () => {
    const gate = new DamagedWorkspaceGate(damage, async () => fakeCore());
    expect(await dispatchCall(gate.handlers, 'listDatasets', {})).toEqual({
      ok: false,
      error: { kind: 'damaged', message: 'The database /ws/workbench.sqlite is damaged (file is not a database); it was kept as /ws/workbench.sqlite.damaged-1.' },
    });
    expect(gate.core).toBeNull();
  });

  it('opens once for concurrent askers, then passes calls and events on, and closes what it opened', async () => {
    let opened = 0;
    const core = fakeCore();
    const gate = new DamagedWorkspaceGate(damage, async () => (opened++, core));
    const seen: EventMessage[] = [];
    gate.onEvent((event) => seen.push(event));
    const replies = await Promise.all([dispatchCall(gate.handlers, 'startFreshDatabase', {}), dispatchCall(gate.handlers, 'startFreshDatabase', {})]);
    expect(replies).toEqual([{ ok: true, value: info }, { ok: true, value: info }]);
    expect(opened).toBe(1);
    expect(await dispatchCall(gate.handlers, 'listDatasets', {})).toEqual({ ok: true, value: [] });
    const event: EventMessage = { type: 'event', name: 'menuCommand', payload: { command: 'export-submission' } };
    core.events.fire(event);
    expect(seen).toEqual([event]);
    await gate.close();
    expect(core.closed).toBe(1);
  });

  it('reports a failed opening and lets the user try again', async () => {
    let attempts = 0;
    const gate = new DamagedWorkspaceGate(damage, async () => {
      if (++attempts === 1) throw new Error('the workspace is in use by process 7');
      return fakeCore();
    });
    expect(await dispatchCall(gate.handlers, 'startFreshDatabase', {})).toEqual({ ok: false, error: { kind: 'internal', message: 'the workspace is in use by process 7' } });
    expect(await dispatchCall(gate.handlers, 'startFreshDatabase', {})).toEqual({ ok: true, value: info });
    expect(attempts).toBe(2);
  });
});
