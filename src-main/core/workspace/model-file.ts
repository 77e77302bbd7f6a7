// A saved model's file as a user writes it: JSON holding its layers (and maybe a name and a
// description), or a bare layer list; every problem names the file, and its line and column.
import { readFile } from 'node:fs/promises';
import { EchoFileError, InputError } from '../errors.ts';
import { readJsonText } from '../formats/json-text.ts';

/** Largest model file read: a layer list is a few kilobytes. */
const MAX_FILE_BYTES = 1_000_000;

export interface ModelFile {
  readonly name: string | undefined;
  readonly description: string;
  readonly layers: unknown;
}

/** A model file's JSON: an object with its layers (and maybe a name and description), or a bare layer list. */
export async function readModelFile(path: string): Promise<ModelFile> {
  const bytes = await readFile(path);
  if (bytes.length > MAX_FILE_BYTES) throw new InputError(`${path}: ${bytes.length} bytes is too large for a model file (at most ${MAX_FILE_BYTES})`);
  const json = readJsonText(bytes.toString('utf8'));
  if (!json.ok) throw new EchoFileError(path, json.line, json.column, json.reason);
  const value = json.value;
  if (Array.isArray(value)) return { name: undefined, description: '', layers: value };
  if (typeof value !== 'object' || value === null) throw new EchoFileError(path, 1, 1, 'expected an object with "layers" (and "name", "description"), or a list of layers');
  const { name, description = '', layers, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new InputError(`${path}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} (expected name, description, layers)`);
  if (name !== undefined && typeof name !== 'string') throw new InputError(`${path}: "name" must be a string`);
  if (typeof description !== 'string') throw new InputError(`${path}: "description" must be a string`);
  if (layers === undefined) throw new InputError(`${path}: no "layers"`);
  return { name, description, layers };
}
