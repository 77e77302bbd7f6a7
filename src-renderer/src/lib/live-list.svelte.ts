// A reactive list of the workspace's items of one kind (runs, studies): loaded on request, a row
// replaced or added as an event tells of it, and loaded again when the link comes back after a drop.
import { messageOf } from './call-error.ts';
import { api } from './workbench.ts';

export class LiveList<T extends { readonly id: string }> {
  all = $state<T[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  readonly #list: () => Promise<T[]>;

  constructor(list: () => Promise<T[]>) {
    this.#list = list;
    api.onReconnect(() => void this.refresh());
  }

  byId(id: string): T | undefined {
    return this.all.find((item) => item.id === id);
  }

  async refresh(): Promise<void> {
    try {
      this.all = await this.#list();
      this.loaded = true;
      this.changed();
      this.error = null;
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  /** Replaces an item's row with a newer one, or adds it at the top. */
  upsert(item: T): void {
    const index = this.all.findIndex((candidate) => candidate.id === item.id);
    if (index >= 0) this.all[index] = item;
    else this.all = [item, ...this.all];
    this.changed();
  }

  /** Told of every change of the rows, for a subclass that counts them. */
  protected changed(): void {}
}
