// The model editor's draft: a layer list held both as layers (the form) and as JSON text (the
// editor), kept in step; the core checks the text and answers each layer's shape and problems.
import type { CallResult, ModelCheck, SavedModel } from '../../../src-main/core/api/contract.ts';
import { newLayer, type LayerKindName } from '../../../src-main/core/api/layer-kinds.ts';
import { messageOf } from './call-error.ts';
import { coalescedTask } from './coalesced-task.ts';
import { api } from './workbench.ts';

export type DraftLayer = Record<string, unknown> & { kind: string };

const STARTER: DraftLayer[] = [
  { kind: 'conv1d', filters: 16, kernelSize: 7, stride: 2, padding: 'same', activation: 'gelu' },
  { kind: 'batch-norm' },
  { kind: 'pool1d', mode: 'max', size: 2 },
  { kind: 'global-average-pool1d' },
  { kind: 'dense', units: 64, activation: 'relu' },
];

function textOf(layers: readonly DraftLayer[]): string {
  return JSON.stringify(layers, null, 2);
}

/** The layers JSON text holds, when it is a list of objects with a kind. */
function layersOf(text: string): DraftLayer[] | null {
  try {
    const value: unknown = JSON.parse(text);
    const isLayer = (item: unknown): item is DraftLayer => typeof item === 'object' && item !== null && !Array.isArray(item) && typeof (item as { kind?: unknown }).kind === 'string';
    return Array.isArray(value) && value.every(isLayer) ? value : null;
  } catch {
    return null;
  }
}

export class ModelDraft {
  name = $state('');
  description = $state('');
  /** The saved model being edited (its name), or null for a new one. */
  editing = $state<string | null>(null);
  layers = $state<DraftLayer[]>(STARTER.map((layer) => ({ ...layer })));
  text = $state(textOf(STARTER));
  check = $state<ModelCheck | null>(null);
  checkError = $state<string | null>(null);
  private readonly checker = coalescedTask(() => this.runCheck(), 150);

  constructor() {
    this.checker.request();
  }

  /** The form changed the layers: the text follows. */
  private layersChanged(): void {
    this.text = textOf(this.layers);
    this.checker.request();
  }

  /** The editor changed the text: the form follows when it reads as a layer list. */
  setText(text: string): void {
    this.text = text;
    const layers = layersOf(text);
    if (layers) this.layers = layers;
    this.checker.request();
  }

  setField(index: number, key: string, value: unknown): void {
    const layer = { ...this.layers[index] };
    if (value === undefined) delete layer[key];
    else layer[key] = value;
    this.layers[index] = layer;
    this.layersChanged();
  }

  setKind(index: number, kind: LayerKindName): void {
    this.layers[index] = newLayer(kind) as DraftLayer;
    this.layersChanged();
  }

  add(kind: LayerKindName, at = this.layers.length): void {
    this.layers.splice(at, 0, newLayer(kind) as DraftLayer);
    this.layersChanged();
  }

  remove(index: number): void {
    this.layers.splice(index, 1);
    this.layersChanged();
  }

  move(index: number, by: -1 | 1): void {
    const to = index + by;
    if (to < 0 || to >= this.layers.length) return;
    [this.layers[index], this.layers[to]] = [this.layers[to], this.layers[index]];
    this.layersChanged();
  }

  /** Starts a new model from the starter list. */
  startNew(): void {
    this.editing = null;
    this.name = '';
    this.description = '';
    this.layers = STARTER.map((layer) => ({ ...layer }));
    this.layersChanged();
  }

  edit(model: SavedModel): void {
    this.editing = model.name;
    this.name = model.name;
    this.description = model.description;
    this.layers = model.layers.map((layer) => ({ ...layer }) as DraftLayer);
    this.layersChanged();
  }

  /** Saves the draft (over the model it edits, if its name is kept); answers the saved model. */
  save(): Promise<CallResult<'saveModel'>> {
    return api.call('saveModel', { name: this.name.trim(), description: this.description.trim(), text: this.text, replace: this.editing !== null && this.editing === this.name.trim() });
  }

  private async runCheck(): Promise<void> {
    const text = this.text;
    try {
      const check = await api.call('checkModel', { text });
      if (text !== this.text) return this.checker.request();
      this.check = check;
      this.checkError = null;
    } catch (error) {
      this.checkError = `The layers could not be checked: ${messageOf(error)}`;
    }
  }
}

let shared: ModelDraft | null = null;

/** The one draft of the page, made on first use: it outlasts the Train view, as the run form's does. */
export function modelDraft(): ModelDraft {
  shared ??= new ModelDraft();
  return shared;
}
