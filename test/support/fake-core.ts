// A stand-in core for transport tests: the handlers a test gives, an error for any other call, and
// an event source the test fires by hand. Transports are generic, so they need no real science.
import type { EventMessage, WorkspaceInfo } from '../../src-main/core/api/contract.ts';
import type { CallHandlers, EventSource } from '../../src-main/core/api/contract-dispatch.ts';

/** What the fake core answers to getWorkspaceInfo. */
export const FAKE_WORKSPACE_INFO: WorkspaceInfo = {
  productName: 'Spin Echo Workbench',
  version: '0.0.0-test',
  workspaceDir: '/tmp/ws',
  mode: 'browser',
  mlBackend: { name: 'test', detail: 'fake core' },
  platform: { os: 'linux', arch: 'x64', node: process.version, electron: null },
  trainers: { count: 1, setting: null, default: 1, fromFlag: false, max: 64 },
};

export function fakeHandlers(given: Partial<CallHandlers>): CallHandlers {
  return new Proxy(given, {
    get: (target, name: string) =>
      (target as Record<string, unknown>)[name] ??
      (async () => {
        throw new Error(`the fake core has no '${name}'`);
      }),
  }) as CallHandlers;
}

export class FakeEvents implements EventSource {
  private readonly listeners = new Set<(event: EventMessage) => void>();

  onEvent(listener: (event: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fire(event: EventMessage): void {
    for (const listener of this.listeners) listener(event);
  }
}
