// The contract's saved-model calls over the workspace: a layer list's JSON text checked (syntax to
// the line and column, then fields and shapes), saved, listed and deleted.
import type { CallInput, CallResult, ModelCheck } from '../api/contract.ts';
import { InputError } from '../errors.ts';
import { readJsonText } from '../formats/json-text.ts';
import { checkModelLayers, MODEL_INPUT_SHAPE } from '../workspace/model-library.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** The check of a layer list's JSON text, in the contract's words. */
export function checkModelText(text: string): ModelCheck {
  const json = readJsonText(text);
  const inputShape = [...MODEL_INPUT_SHAPE];
  if (!json.ok) return { syntax: { line: json.line, column: json.column, reason: json.reason }, inputShape, layers: [], parameterCount: null, problems: [] };
  const { layers, check, problems } = checkModelLayers(json.value);
  const kinds = layers ? [...layers.map((layer) => layer.kind), 'output'] : [];
  const shapes = (check?.layers ?? []).map((shape, i) => ({ kind: kinds[i], outputShape: shape.outputShape ? [...shape.outputShape] : null, parameterCount: shape.parameterCount }));
  return { syntax: null, inputShape, layers: shapes, parameterCount: check?.parameterCount ?? null, problems: [...problems] };
}

export class ModelCalls {
  constructor(private readonly workspace: Workspace) {}

  list(): CallResult<'listModels'> {
    return this.workspace.models.list().map((model) => ({ ...model, layers: model.layers.map((layer) => ({ ...layer })) }));
  }

  save({ name, description, text, replace }: CallInput<'saveModel'>): CallResult<'saveModel'> {
    const json = readJsonText(text);
    if (!json.ok) throw new InputError(`model '${name}': the layers are not JSON at line ${json.line}, column ${json.column}: ${json.reason}`);
    const model = this.workspace.models.save({ name, description, layers: json.value, replace });
    return { ...model, layers: model.layers.map((layer) => ({ ...layer })) };
  }

  remove({ name }: CallInput<'deleteModel'>): CallResult<'deleteModel'> {
    this.workspace.models.remove(name);
    return {};
  }
}
