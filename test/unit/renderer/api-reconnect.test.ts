// The api client tells of a link that opens again after a drop, not of the first open.
import { describe, expect, it } from 'vitest';
import { WorkbenchApi } from '../../../src-renderer/src/lib/api.ts';
import type { LinkState, Transport } from '../../../src-renderer/src/lib/transport.ts';

/** A transport whose link state the test sets by hand; it tells a new listener the current state, as the real ones do. */
function manualLink(initial: LinkState): { transport: Transport; set(state: LinkState): void } {
  let state = initial;
  const listeners = new Set<(state: LinkState) => void>();
  const transport: Transport = {
    kind: 'websocket',
    call: () => Promise.reject(new Error('no calls in this test')),
    onEvent: () => () => {},
    onLinkState(listener) {
      listeners.add(listener);
      listener(state);
      return () => listeners.delete(listener);
    },
  };
  return {
    transport,
    set(next) {
      state = next;
      for (const listener of listeners) listener(next);
    },
  };
}

describe('WorkbenchApi.onReconnect', () => {
  it('calls back once per reopening after a drop, never on the first open', () => {
    const link = manualLink('connecting');
    let reconnects = 0;
    new WorkbenchApi(link.transport).onReconnect(() => reconnects++);
    link.set('open');
    expect(reconnects).toBe(0);
    link.set('closed');
    link.set('connecting');
    expect(reconnects).toBe(0);
    link.set('open');
    expect(reconnects).toBe(1);
    link.set('open');
    expect(reconnects).toBe(1);
    link.set('closed');
    link.set('open');
    expect(reconnects).toBe(2);
  });

  it('counts a link already closed when it subscribes as a drop, and stops when unsubscribed', () => {
    const link = manualLink('closed');
    let reconnects = 0;
    const stop = new WorkbenchApi(link.transport).onReconnect(() => reconnects++);
    link.set('open');
    expect(reconnects).toBe(1);
    stop();
    link.set('closed');
    link.set('open');
    expect(reconnects).toBe(1);
  });
});
