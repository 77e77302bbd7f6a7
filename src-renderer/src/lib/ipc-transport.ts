// The Electron transport: the preload's window.workbench pipe, always open.
import type { BridgeApi } from '../../../src-main/core/api/contract.ts';
import type { Transport } from './transport.ts';

export function ipcTransport(bridge: BridgeApi): Transport {
  return {
    kind: 'ipc',
    call: (name, args) => bridge.call(name, args),
    onEvent: (listener) => bridge.onEvent(listener),
    onLinkState: (listener) => {
      listener('open');
      return () => {};
    },
  };
}
