// What the api client needs from a transport: send a call, hear every event, report the link's state.
import type { CallName, EventMessage, ReplyBody } from '../../../src-main/core/api/contract.ts';

export type LinkState = 'connecting' | 'open' | 'closed';

export interface Transport {
  readonly kind: 'ipc' | 'websocket';
  call(name: CallName, args: unknown): Promise<ReplyBody>;
  onEvent(listener: (event: EventMessage) => void): () => void;
  onLinkState(listener: (state: LinkState) => void): () => void;
}
