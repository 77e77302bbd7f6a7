// Hyperparameters of a training run: a preset's defaults with a run's overrides, checked field by
// field (hyperparameter-fields.ts) and as a whole against the curve, and described for the UI's form.
import type { z } from 'zod';
import { InputError } from '../errors.ts';
import { FAMILY_FIELDS, type CnnHyperparameters, type Field, type HyperparameterDescription, type Hyperparameters, type ModelFamily } from './hyperparameter-fields.ts';
import { checkLayerList, describeLayerProblem, parseLayerList } from './layer-list.ts';
import { isPresetName, LAYER_LIST_DEFAULTS, PRESET_NAMES, PRESETS } from './presets.ts';

export * from './hyperparameter-fields.ts';

interface Family {
  readonly family: ModelFamily;
  /** The fields a form shows; a layer list's layers come from its saved model, not the form. */
  readonly fields: Record<string, Field<z.ZodType>>;
  readonly schema: z.ZodObject;
  readonly defaults: Readonly<Record<string, unknown>>;
}

/** A built-in preset's family, or for any other name a saved layer-list model's. */
function familyOf(preset: string): Family {
  if (!isPresetName(preset)) return { family: 'layers', ...FAMILY_FIELDS.layers, defaults: LAYER_LIST_DEFAULTS };
  const { family, defaults } = PRESETS[preset];
  return { family, ...FAMILY_FIELDS[family], defaults };
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return value;
}

function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown, known: readonly string[]): string[] {
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `unknown hyperparameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} (known: ${known.join(', ')})`;
    }
    const path = issue.path.map(String).join('.');
    return `${path}: ${issue.message} (got ${shown(valueAt(input, issue.path))})`;
  });
}

/** Time steps left after every block's strided convolutions and pooling (pooling drops a ragged tail). */
function timeStepsAfterBlocks(h: CnnHyperparameters, windowLength: number): number {
  let steps = windowLength;
  for (let block = 0; block < h.convFilters.length; block++) {
    for (let conv = 0; conv < h.convsPerBlock; conv++) steps = Math.ceil(steps / strideOf(h, conv));
    if (h.pooling !== 'none') steps = Math.floor(steps / h.poolSize);
  }
  return steps;
}

/** The stride of convolution `index` (0-based) within each block. */
export function strideOf(h: CnnHyperparameters, index: number): number {
  return h.convStrides.length === 1 ? h.convStrides[0] : h.convStrides[index];
}

function checkRelations(h: Hyperparameters, curveLength: number): string[] {
  const problems: string[] = [];
  const windowLength = h.windowEnd - h.windowStart;
  if (h.windowEnd > curveLength || h.windowStart >= h.windowEnd) {
    problems.push(`window [${h.windowStart}, ${h.windowEnd}) must lie inside the curve of ${curveLength} samples and hold at least one sample`);
  }
  if (new Set(h.channels).size !== h.channels.length) problems.push(`channels: each channel may appear once (got ${shown(h.channels)})`);
  if ((h.schedule === 'plateau' || h.schedule === 'cosine') && h.minLearningRate > h.learningRate) {
    problems.push(`minLearningRate (${h.minLearningRate}) must not exceed learningRate (${h.learningRate})`);
  }
  if (h.family === 'layers') {
    if (windowLength > 0) {
      const check = checkLayerList(h.layers, { inputShape: [windowLength, h.channels.length], initializer: h.kernelInitializer, uncertainty: h.uncertainty });
      problems.push(...check.problems.map(describeLayerProblem));
    }
  } else if (h.family === 'mlp') {
    if (h.activations.length !== 1 && h.activations.length !== h.hiddenUnits.length) {
      problems.push(`activations: give one activation or one per hidden layer (${h.hiddenUnits.length}), not ${h.activations.length}`);
    }
  } else {
    if (h.convStrides.length !== 1 && h.convStrides.length !== h.convsPerBlock) {
      problems.push(`convStrides: give one stride or one per convolution of a block (${h.convsPerBlock}), not ${h.convStrides.length}`);
    }
    if (windowLength > 0) {
      for (const key of ['kernelSize', 'firstKernelSize'] as const) {
        const size = h[key];
        if (size !== null && size > windowLength) problems.push(`${key} (${size}) exceeds the window of ${windowLength} samples`);
      }
      if (timeStepsAfterBlocks(h, windowLength) < 1) {
        problems.push(`a window of ${windowLength} samples is too short for ${h.convFilters.length} blocks of strides ${h.convStrides.join(', ')} and pooling ${h.pooling === 'none' ? 'none' : h.poolSize}`);
      }
    }
  }
  return problems;
}

/**
 * The hyperparameters of a run of `preset`: the preset's defaults with `overrides` applied,
 * validated against the curve length. Throws InputError naming every bad key and value.
 */
export function resolveHyperparameters(preset: string, overrides: Readonly<Record<string, unknown>>, curveLength: number): Hyperparameters {
  if (!Number.isInteger(curveLength) || curveLength < 1) throw new InputError(`curve length must be a positive integer, not ${curveLength}`);
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new InputError(`hyperparameters must be an object of key/value pairs, not ${shown(overrides)}`);
  }
  const { family, fields, schema, defaults } = familyOf(preset);
  if (family === 'layers' && !Object.hasOwn(overrides, 'layers')) {
    throw new InputError(`unknown preset '${preset}' (expected one of ${PRESET_NAMES.join(', ')}, or a saved model with its layers)`);
  }
  const parsed = schema.partial().safeParse(overrides);
  if (!parsed.success) {
    const layerIssues = parsed.error.issues.filter((issue) => issue.path[0] === 'layers');
    const otherIssues = parsed.error.issues.filter((issue) => issue.path[0] !== 'layers');
    const layerProblems = layerIssues.length > 0 ? parseLayerList(overrides.layers).problems.map(describeLayerProblem) : [];
    const problems = [...formatIssues(otherIssues, overrides, Object.keys(fields)), ...layerProblems];
    throw new InputError(`invalid hyperparameters for preset '${preset}': ${problems.join('; ')}`);
  }
  const merged = { ...defaults, ...parsed.data } as Record<string, unknown>;
  const resolved = { ...merged, windowEnd: merged.windowEnd ?? curveLength, preset, family } as Hyperparameters;
  const problems = checkRelations(resolved, curveLength);
  if (problems.length > 0) throw new InputError(`invalid hyperparameters for preset '${preset}': ${problems.join('; ')}`);
  return resolved;
}

/**
 * Every hyperparameter of `preset` with its default, type, bounds or options, unit and help, in form
 * order. Any name but a built-in preset's is taken for a saved layer-list model: the caller knows it.
 */
export function describeHyperparameters(preset: string): HyperparameterDescription[] {
  const { fields, defaults } = familyOf(preset);
  return Object.entries(fields).map(([key, field]) => ({ key, default: defaults[key], ...field.describe }));
}
