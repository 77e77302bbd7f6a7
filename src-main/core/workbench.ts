// Implements the contract by delegating to the workspace, formats, physics and learn modules; it
// holds no science and no SQL, only the wiring between calls, core modules and events.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CallInput, CallResult, EventMessage } from './contract.ts';
import type { CallHandlers, EventSource } from './contract-dispatch.ts';
import { CurveExplorer } from './curve-explorer.ts';
import { describeHyperparameters } from './learn/hyperparameters.ts';
import { PRESET_NAMES, PRESETS } from './learn/presets.ts';
import { UnavailableError, type NativeDialogs } from './native-dialogs.ts';
import { DATABASE_FILE, openDatabase } from './store/database.ts';
import { listDatasets, type DatasetRecord } from './store/datasets.ts';
import { productName, programVersion } from './version.ts';
import { acquireWorkspaceLock, type WorkspaceLock } from './workspace/workspace-lock.ts';
import type { Database } from 'better-sqlite3';

export interface OpenWorkbenchOptions {
  readonly workspaceDir: string;
  /** Which face shows the UI: it decides whether native dialogs exist. */
  readonly mode: 'electron' | 'browser';
  readonly dialogs?: NativeDialogs;
  readonly electronVersion?: string | null;
}

// The trainer process picks the backend at its first run; until then the About box says how it will.
const BACKEND_BEFORE_FIRST_RUN = { name: 'auto', detail: 'chosen by the trainer at its first run: tfjs-node if it loads, else wasm, else cpu' };

function toDataset(record: DatasetRecord): CallResult<'listDatasets'>[number] {
  const { directory: _directory, ...dataset } = record;
  return dataset;
}

export class Workbench implements CallHandlers, EventSource {
  private readonly listeners = new Set<(event: EventMessage) => void>();
  private readonly explorer = new CurveExplorer();

  private constructor(
    private readonly options: OpenWorkbenchOptions,
    private readonly db: Database,
    private readonly lock: WorkspaceLock,
  ) {}

  /** Opens (creating when needed) the workspace and takes its lock. */
  static async open(options: OpenWorkbenchOptions): Promise<Workbench> {
    mkdirSync(options.workspaceDir, { recursive: true });
    const lock = acquireWorkspaceLock(options.workspaceDir);
    try {
      const { db } = openDatabase(join(options.workspaceDir, DATABASE_FILE));
      return new Workbench(options, db, lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  onEvent(listener: (event: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hands an event to every bridge. Electron's menu uses it too. */
  emit(event: EventMessage): void {
    for (const listener of this.listeners) listener(event);
  }

  async getWorkspaceInfo(): Promise<CallResult<'getWorkspaceInfo'>> {
    return {
      productName,
      version: programVersion,
      workspaceDir: this.options.workspaceDir,
      mode: this.options.mode,
      mlBackend: BACKEND_BEFORE_FIRST_RUN,
      platform: { os: process.platform, arch: process.arch, node: process.versions.node, electron: this.options.electronVersion ?? null },
    };
  }

  async listDatasets(): Promise<CallResult<'listDatasets'>> {
    return listDatasets(this.db).map(toDataset);
  }

  async simulateCurve({ model, alpha, xi, d, seed, settings }: CallInput<'simulateCurve'>): Promise<CallResult<'simulateCurve'>> {
    const started = performance.now();
    const kernel = model === 'RKKY' ? 'rkky' : 'gauss';
    const { data, length } = await this.explorer.simulate({ kernel, alpha, xi, d: d ?? Infinity, seed, options: settings });
    return { length, curve: data, seconds: (performance.now() - started) / 1000 };
  }

  async listPresets(): Promise<CallResult<'listPresets'>> {
    return PRESET_NAMES.map((name) => ({ name, title: PRESETS[name].title, description: PRESETS[name].description, family: PRESETS[name].family }));
  }

  async describeHyperparameters({ preset }: CallInput<'describeHyperparameters'>): Promise<CallResult<'describeHyperparameters'>> {
    return describeHyperparameters(preset);
  }

  async chooseFolder(args: CallInput<'chooseFolder'>): Promise<CallResult<'chooseFolder'>> {
    if (!this.options.dialogs) throw new UnavailableError('a folder dialog');
    return { path: await this.options.dialogs.chooseFolder(args) };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.explorer.close();
    this.db.close();
    this.lock.release();
  }
}
