// The saved models of a workspace: layer-list networks kept by name, checked before they are saved,
// and handed to runs and studies as the layers of their hyperparameters.
import { InputError } from '../errors.ts';
import { checkLayerList, describeLayerProblem, parseLayerList, type LayerEntry, type LayerListCheck, type LayerProblem } from '../learn/layer-list.ts';
import { isPresetName, LAYER_LIST_DEFAULTS, PRESET_NAMES } from '../learn/presets.ts';
import { deleteSavedModel, findSavedModel, listSavedModels, upsertSavedModel, type SavedModelRecord } from '../store/saved-models.ts';
import { AUTO_PRESET } from '../api/study-defaults.ts';
import type { WorkspaceContext } from './workspace-context.ts';

/** The challenge's curves: a saved model is checked on them at its default channels; a run checks again on its own data and window. */
const CHALLENGE_CURVE_LENGTH = 471;
export const MODEL_INPUT_SHAPE: readonly number[] = [CHALLENGE_CURVE_LENGTH, LAYER_LIST_DEFAULTS.channels.length];

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface SaveModelRequest {
  readonly name: string;
  readonly description?: string;
  /** A layer list as JSON values, checked here. */
  readonly layers: unknown;
  /** Replace a model of the same name (an edit); otherwise the name must be new. */
  readonly replace?: boolean;
}

/** The layers of a list with their check on the default input, or the problems that stop it. */
export type ModelCheck = { readonly layers: LayerEntry[] | null; readonly check: LayerListCheck | null; readonly problems: readonly LayerProblem[] };

/** Checks a layer list as JSON values on the default input of a saved model. */
export function checkModelLayers(value: unknown): ModelCheck {
  const parsed = parseLayerList(value);
  if (parsed.layers === null) return { layers: null, check: null, problems: parsed.problems };
  const check = checkLayerList(parsed.layers, { inputShape: MODEL_INPUT_SHAPE, initializer: LAYER_LIST_DEFAULTS.kernelInitializer, uncertainty: false });
  return { layers: parsed.layers, check, problems: check.problems };
}

function checkName(name: string): void {
  if (!MODEL_NAME.test(name)) throw new InputError(`model name '${name}': use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  if (isPresetName(name) || name === AUTO_PRESET) throw new InputError(`model name '${name}' is taken by a built-in preset (${[...PRESET_NAMES, AUTO_PRESET].join(', ')})`);
}

export class ModelLibrary {
  constructor(private readonly context: WorkspaceContext) {}

  list(): SavedModelRecord[] {
    return listSavedModels(this.context.db);
  }

  get(name: string): SavedModelRecord {
    const model = findSavedModel(this.context.db, name);
    if (!model) throw new InputError(`no saved model '${name}' (saved: ${this.list().map((m) => m.name).join(', ') || 'none'})`);
    return model;
  }

  save(request: SaveModelRequest): SavedModelRecord {
    this.context.requireWritable('save a model');
    checkName(request.name);
    if (!request.replace && findSavedModel(this.context.db, request.name)) throw new InputError(`a model named '${request.name}' exists already: choose another name, or replace it`);
    const { layers, problems } = checkModelLayers(request.layers);
    if (layers === null || problems.length > 0) throw new InputError(`model '${request.name}': ${problems.map(describeLayerProblem).join('; ')}`);
    return upsertSavedModel(this.context.db, { name: request.name, description: request.description ?? '', layers });
  }

  /** Deletes a model; runs trained from it keep their layers. */
  remove(name: string): void {
    this.context.requireWritable('delete a model');
    if (!deleteSavedModel(this.context.db, name)) this.get(name);
  }

  /** Every preset name a run or study may use: the built-in ones, then the saved models. */
  presetNames(): string[] {
    return [...PRESET_NAMES, ...this.list().map((model) => model.name)];
  }

  /**
   * A run's overrides with a saved model's layers, unless they carry layers already (a clone or a
   * resume keeps its own); a name that is neither a preset nor a saved model is refused.
   */
  withLayers(preset: string, overrides: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
    if (isPresetName(preset) || Object.hasOwn(overrides, 'layers')) return overrides;
    const model = findSavedModel(this.context.db, preset);
    if (!model) throw new InputError(`unknown preset '${preset}' (expected a built-in preset or a saved model: ${this.presetNames().join(', ')})`);
    return { layers: model.layers, ...overrides };
  }
}
