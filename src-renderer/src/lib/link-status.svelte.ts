// The state of the link to the workbench, as reactive state for the connection banner.
import type { LinkState } from './transport.ts';
import { api } from './workbench.ts';

class LinkStatus {
  state = $state<LinkState>('connecting');

  constructor() {
    api.onLinkState((state) => (this.state = state));
  }
}

export const linkStatus = new LinkStatus();
