// A network its user writes as a list of layers: the schema of each layer, and the check of a list
// against an input shape (shapes, parameters), every problem naming the layer and the field.
import { z } from 'zod';
import { LAYER_KIND_NAMES, LAYER_KINDS, type LayerField } from '../api/layer-kinds.ts';
import { layerOutputShape, LayerShapeError, ModelLayout, outputHead, type LayerSpec } from './model-layout.ts';

export { ACTIVATIONS, type Activation } from '../api/layer-kinds.ts';
import type { Initializer } from './initializers.ts';

export { INITIALIZERS, type Initializer } from './initializers.ts';

export const MAX_LAYERS = 64;
/** Weights a layer-list network may hold, the output head and moving statistics included (deep-cnn: 0.6 million). */
export const MAX_PARAMETERS = 20_000_000;

/** A layer as its list holds it: a layer of the network but the output head, without initialiser (the run's). */
export type LayerEntry = DistributiveOmit<LayerSpec, 'initializer'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function fieldSchema(field: LayerField): z.ZodType {
  const range = `from ${field.min} to ${field.max}${field.maxExclusive ? ' (excluded)' : ''}`;
  let schema: z.ZodType;
  if (field.type === 'choice') {
    const options = field.options as readonly [string, ...string[]];
    schema = z.enum(options, { error: `must be one of ${options.join(', ')}` });
  } else {
    const message = { error: `must be ${field.type === 'integer' ? 'an integer' : 'a number'} ${range}` };
    let number = z.number(message);
    if (field.type === 'integer') number = number.int(message);
    if (field.min !== undefined) number = number.min(field.min, message);
    if (field.max !== undefined) number = field.maxExclusive ? number.lt(field.max, message) : number.max(field.max, message);
    schema = number;
  }
  if (field.default !== undefined) return schema.default(field.default as never);
  return field.optional ? schema.optional() : schema;
}

const LayerEntrySchema = z.discriminatedUnion(
  'kind',
  LAYER_KINDS.map(({ kind, fields }) => z.strictObject({ kind: z.literal(kind), ...Object.fromEntries(fields.map((field: LayerField) => [field.key, fieldSchema(field)])) })) as unknown as [
    z.ZodObject<{ kind: z.ZodLiteral<string> }>,
    ...z.ZodObject<{ kind: z.ZodLiteral<string> }>[],
  ],
  { error: (issue) => (typeof issue.input === 'object' && issue.input !== null ? `must be one of ${LAYER_KIND_NAMES.join(', ')}` : `must be an object with a kind, one of ${LAYER_KIND_NAMES.join(', ')}`) },
);

/** The schema of a layer list, as a run stores it (defaults filled in); made from LAYER_KINDS, whose kinds and fields are LayerSpec's. */
export const LayerList = z
  .array(LayerEntrySchema, { error: 'must be a list of layers' })
  .min(1, { error: 'must hold at least one layer' })
  .max(MAX_LAYERS, { error: `must hold at most ${MAX_LAYERS} layers` }) as unknown as z.ZodType<LayerEntry[]>;

/** One thing wrong with a layer list: the layer (0-based, as in the JSON) and its field, when known. */
export interface LayerProblem {
  readonly index: number | null;
  readonly field: string | null;
  readonly message: string;
}

/** `layers[2].kernelSize: must be ...`: where in the JSON, then what. */
export function describeLayerProblem(problem: LayerProblem): string {
  const where = problem.index === null ? 'layers' : `layers[${problem.index}]${problem.field ? `.${problem.field}` : ''}`;
  return `${where}: ${problem.message}`;
}

function problemsOfIssues(issues: readonly z.core.$ZodIssue[]): LayerProblem[] {
  return issues.map((issue) => {
    const [index, field] = issue.path;
    if (issue.code === 'unrecognized_keys') {
      return { index: typeof index === 'number' ? index : null, field: issue.keys[0] ?? null, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}` };
    }
    return { index: typeof index === 'number' ? index : null, field: typeof field === 'string' ? field : null, message: issue.message };
  });
}

/** A layer list from JSON, with its defaults, or every field that is wrong. */
export function parseLayerList(value: unknown): { readonly layers: LayerEntry[]; readonly problems: [] } | { readonly layers: null; readonly problems: LayerProblem[] } {
  const parsed = LayerList.safeParse(value);
  return parsed.success ? { layers: parsed.data, problems: [] } : { layers: null, problems: problemsOfIssues(parsed.error.issues) };
}

/** The network's layers: the user's list with the run's kernel initialiser, then the output head the task fixes. */
export function layerSpecsOf(layers: readonly LayerEntry[], initializer: Initializer, uncertainty: boolean): LayerSpec[] {
  const specs = layers.map((layer): LayerSpec => (layer.kind === 'dense' || layer.kind === 'conv1d' ? { ...layer, initializer } : layer));
  return [...specs, outputHead(uncertainty)];
}

/** What one layer makes: its output shape and weights (null after a layer that failed). */
export interface LayerShape {
  readonly outputShape: readonly number[] | null;
  readonly parameterCount: number | null;
}

export interface LayerListCheck {
  /** One per layer of the list, then one for the output head. */
  readonly layers: readonly LayerShape[];
  /** Every weight, the head's and the moving statistics included; null when the shapes do not fit. */
  readonly parameterCount: number | null;
  readonly problems: readonly LayerProblem[];
}

export interface LayerListInput {
  /** One example: [time, channels]. */
  readonly inputShape: readonly number[];
  readonly initializer: Initializer;
  readonly uncertainty: boolean;
}

/** The shape after each layer up to the first that cannot take its input, with that layer's problem. */
function walkShapes(specs: readonly LayerSpec[], inputShape: readonly number[]): { shapes: (readonly number[])[]; problem: LayerProblem | null } {
  const shapes: (readonly number[])[] = [];
  let shape = inputShape;
  for (const [index, spec] of specs.entries()) {
    try {
      shape = layerOutputShape(spec, shape);
    } catch (error) {
      if (!(error instanceof LayerShapeError)) throw error;
      const head = index === specs.length - 1;
      const message = head ? `the list ends in [${shape.join(', ')}]; the output head needs a flat input: end it with flatten or global-average-pool1d` : error.message;
      return { shapes, problem: { index: head ? index - 1 : index, field: head ? null : error.field, message } };
    }
    shapes.push(shape);
  }
  return { shapes, problem: null };
}

/** The shapes and weights of a parsed layer list on `input`, and what does not fit. */
export function checkLayerList(layers: readonly LayerEntry[], input: LayerListInput): LayerListCheck {
  const specs = layerSpecsOf(layers, input.initializer, input.uncertainty);
  const { shapes, problem } = walkShapes(specs, input.inputShape);
  if (problem) {
    const known = specs.map((_, i): LayerShape => ({ outputShape: shapes[i] ?? null, parameterCount: null }));
    return { layers: known, parameterCount: null, problems: [problem] };
  }
  const layout = new ModelLayout({ inputShape: input.inputShape, layers: specs, batchNormMomentum: 0.99, batchNormEpsilon: 1e-3 });
  const total = layout.parameterCount.total;
  const shaped = layout.layers.map((layer): LayerShape => ({ outputShape: layer.outputShape, parameterCount: layer.parameterCount }));
  const problems: LayerProblem[] = [];
  if (total > MAX_PARAMETERS) {
    const largest = layout.layers.slice(0, -1).reduce((best, layer, i) => (layer.parameterCount > layout.layers[best].parameterCount ? i : best), 0);
    problems.push({
      index: largest,
      field: null,
      message: `the network has ${total.toLocaleString('en-US')} parameters, more than the ${MAX_PARAMETERS.toLocaleString('en-US')} allowed (this layer holds ${layout.layers[largest].parameterCount.toLocaleString('en-US')})`,
    });
  }
  return { layers: shaped, parameterCount: total, problems };
}
