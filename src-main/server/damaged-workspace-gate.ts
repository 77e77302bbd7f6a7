// The browser mode's core while the workspace database is damaged: every call is refused with the
// damage (wire kind 'damaged'), so the page can say so and offer the choice, until startFreshDatabase
// opens the workspace on a fresh database; from then on every call and event is the workbench's.
import { CALL_NAMES, type CallName, type EventMessage } from '../core/api/contract.ts';
import type { CallHandlers, EventSource } from '../core/api/contract-dispatch.ts';
import type { DamagedDatabaseError } from '../core/workspace/vocabulary.ts';

/** What the gate opens: the workbench, as a set of handlers and an event source that closes. */
export type OpenedCore = CallHandlers & EventSource & { close(): Promise<void> };

export class DamagedWorkspaceGate implements EventSource {
  readonly handlers: CallHandlers;
  private readonly listeners = new Set<(event: EventMessage) => void>();
  private opening: Promise<OpenedCore> | null = null;
  private opened: OpenedCore | null = null;

  /** `openFresh` opens the workspace on a fresh database (recreateIfDamaged), keeping the damaged file. */
  constructor(
    readonly damage: DamagedDatabaseError,
    private readonly openFresh: () => Promise<OpenedCore>,
  ) {
    const handlers: Partial<Record<CallName, (args: unknown) => Promise<unknown>>> = {};
    for (const name of CALL_NAMES) handlers[name] = (args) => this.call(name, args);
    this.handlers = handlers as CallHandlers;
  }

  /** The workbench once the user chose a fresh database, else null. */
  get core(): OpenedCore | null {
    return this.opened;
  }

  onEvent(listener: (event: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes the workbench if one was opened, after any opening in flight. */
  async close(): Promise<void> {
    const core = await this.opening?.catch(() => null);
    await core?.close();
  }

  private async call(name: CallName, args: unknown): Promise<unknown> {
    if (name === 'startFreshDatabase') await this.startFresh();
    if (!this.opened) throw this.damage;
    const handler = this.opened[name] as (this: CallHandlers, args: unknown) => Promise<unknown>;
    return handler.call(this.opened, args);
  }

  /** Opens once, whoever asks first (two tabs, a double click); a failed opening may be tried again. */
  private startFresh(): Promise<OpenedCore> {
    this.opening ??= this.openFresh().then(
      (core) => {
        this.opened = core;
        core.onEvent((event) => {
          for (const listener of this.listeners) listener(event);
        });
        return core;
      },
      (error: unknown) => {
        this.opening = null;
        throw error;
      },
    );
    return this.opening;
  }
}
