// The layers a person may list in a saved model, with their fields, bounds and defaults: the one
// table that the core's schema (layer-list.ts) and the model editor's form are both made from. Plain
// values, so that the renderer may import it.

export const ACTIVATIONS = ['relu', 'selu', 'tanh', 'elu', 'sigmoid', 'gelu', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface LayerField {
  readonly key: string;
  readonly type: 'integer' | 'number' | 'choice';
  readonly min?: number;
  readonly max?: number;
  /** The number must stay below max. */
  readonly maxExclusive?: boolean;
  readonly options?: readonly string[];
  /** Filled in when the field is left out; a field without one is required unless optional. */
  readonly default?: number | string;
  /** May be left out, meaning what `emptyMeans` says. */
  readonly optional?: boolean;
  readonly emptyMeans?: string;
  readonly help: string;
}

export interface LayerKind {
  readonly kind: string;
  readonly help: string;
  readonly fields: readonly LayerField[];
}

const activation = (fallback: Activation): LayerField => ({ key: 'activation', type: 'choice', options: ACTIVATIONS, default: fallback, help: 'The activation applied to the output.' });

export const LAYER_KINDS = [
  {
    kind: 'conv1d',
    help: 'A convolution over time: [time, channels] in, [time, filters] out.',
    fields: [
      { key: 'filters', type: 'integer', min: 1, max: 1024, help: 'Output channels.' },
      { key: 'kernelSize', type: 'integer', min: 1, max: 255, help: 'Width of the kernel in time steps.' },
      { key: 'stride', type: 'integer', min: 1, max: 16, default: 1, help: 'Step between windows: 2 halves the time steps.' },
      { key: 'padding', type: 'choice', options: ['same', 'valid'], default: 'same', help: "'same' keeps time steps / stride; 'valid' reads no padding and loses kernelSize - 1 steps." },
      activation('relu'),
    ],
  },
  {
    kind: 'pool1d',
    help: 'Max or average pooling over time windows.',
    fields: [
      { key: 'mode', type: 'choice', options: ['max', 'avg'], default: 'max', help: 'Maximum or average of each window.' },
      { key: 'size', type: 'integer', min: 1, max: 64, help: 'Window length in time steps.' },
      { key: 'stride', type: 'integer', min: 1, max: 64, optional: true, emptyMeans: 'the size', help: 'Step between windows; empty means the size (windows side by side).' },
    ],
  },
  { kind: 'global-average-pool1d', help: 'The average over time of each channel: [time, channels] in, [channels] out.', fields: [] },
  { kind: 'flatten', help: 'Every value in one flat vector: [time, channels] in, [time × channels] out.', fields: [] },
  {
    kind: 'dense',
    help: 'A fully connected layer on a flat input.',
    fields: [{ key: 'units', type: 'integer', min: 1, max: 4096, help: 'Outputs.' }, activation('relu')],
  },
  { kind: 'batch-norm', help: 'Batch normalisation of each channel (or feature).', fields: [] },
  { kind: 'dropout', help: 'Sets a share of the values to zero while training.', fields: [{ key: 'rate', type: 'number', min: 0, max: 1, maxExclusive: true, default: 0.1, help: 'Share of values dropped.' }] },
  { kind: 'activation', help: 'An activation on its own (after batch norm, for instance).', fields: [activation('gelu')] },
] as const satisfies readonly LayerKind[];

export type LayerKindName = (typeof LAYER_KINDS)[number]['kind'];
export const LAYER_KIND_NAMES = LAYER_KINDS.map((kind) => kind.kind) as LayerKindName[];

/** A new layer of `kind` as the editor adds it: every field with its default, or a sensible start. */
export function newLayer(kind: LayerKindName): Record<string, unknown> {
  const starts: Record<string, number> = { filters: 16, kernelSize: 5, size: 2, units: 64 };
  const fields: readonly LayerField[] = LAYER_KINDS.find((candidate) => candidate.kind === kind)?.fields ?? [];
  return { kind, ...Object.fromEntries(fields.filter((field) => !field.optional).map((field) => [field.key, field.default ?? starts[field.key]])) };
}
