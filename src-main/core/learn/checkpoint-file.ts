// One checkpoint as one binary file, written atomically: a JSON header (topology, settings, states)
// and the typed arrays it names (weights, optimiser moments), each 8-byte aligned, under a CRC-32
// of it all. Writing one keeps the checkpoint it replaces beside it, so that a damaged checkpoint
// leaves the one before to continue from.
import { existsSync, promises as fs } from 'node:fs';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { crc32 } from '../files/checksum.ts';
import { DamagedFileError } from '../files/damaged-file.ts';

/** Version 2 adds the checksum; version 1 files (no checksum) are still read, unchecked. */
const MAGIC = 'SEWCKPT2';
const MAGIC_V1 = 'SEWCKPT1';
/** Magic, header length, CRC-32 of everything after these 16 bytes. */
const PREFIX_BYTES = 16;
const REMEDY = 'resume the run from the checkpoint before it (runs resume does so by itself), or clone the run to train it again';

export type CheckpointArray = Float32Array | Float64Array | Int32Array;

const DTYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
} as const;
type DType = keyof typeof DTYPES;

interface ArrayEntry {
  readonly name: string;
  readonly dtype: DType;
  readonly offset: number;
  readonly length: number;
}

export interface CheckpointContent {
  /** JSON-serialisable description: no NaN or Infinity (JSON turns them into null). */
  readonly meta: unknown;
  readonly arrays: Readonly<Record<string, CheckpointArray>>;
}

function dtypeOf(array: CheckpointArray): DType {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  return 'int32';
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** Encodes a checkpoint into one buffer. */
export function encodeCheckpoint(content: CheckpointContent): Uint8Array {
  const entries: ArrayEntry[] = [];
  let offset = 0;
  for (const [name, array] of Object.entries(content.arrays)) {
    entries.push({ name, dtype: dtypeOf(array), offset, length: array.length });
    offset = align8(offset + array.byteLength);
  }
  const header = new TextEncoder().encode(JSON.stringify({ meta: content.meta, arrays: entries }));
  const dataStart = align8(PREFIX_BYTES + header.byteLength);
  const bytes = new Uint8Array(dataStart + offset);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(MAGIC.length, header.byteLength, true);
  bytes.set(header, PREFIX_BYTES);
  for (const entry of entries) {
    const array = content.arrays[entry.name];
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + entry.offset);
  }
  view.setUint32(MAGIC.length + 4, crc32(bytes.subarray(PREFIX_BYTES)), true);
  return bytes;
}

/** Decodes a buffer written by encodeCheckpoint; `source` names it in errors (DamagedFileError). */
export function decodeCheckpoint(bytes: Uint8Array, source: string): CheckpointContent {
  const fail = (why: string): never => {
    throw new DamagedFileError(source, `not a readable checkpoint: ${why}`, REMEDY);
  };
  const magic = bytes.byteLength >= MAGIC.length ? new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) : '';
  if (magic !== MAGIC && magic !== MAGIC_V1) fail('bad magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerStart = magic === MAGIC ? PREFIX_BYTES : MAGIC.length + 4;
  if (bytes.byteLength < headerStart) fail('truncated header');
  const headerLength = view.getUint32(MAGIC.length, true);
  const headerEnd = headerStart + headerLength;
  if (headerEnd > bytes.byteLength) fail('truncated header');
  if (magic === MAGIC && crc32(bytes.subarray(PREFIX_BYTES)) !== view.getUint32(MAGIC.length + 4, true)) fail('its checksum does not match its content');
  let header: { meta: unknown; arrays: ArrayEntry[] };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(headerStart, headerEnd)));
  } catch {
    return fail('corrupt header');
  }
  const dataStart = align8(headerEnd);
  const arrays: Record<string, CheckpointArray> = {};
  for (const entry of header.arrays) {
    const kind = DTYPES[entry.dtype];
    if (!kind) fail(`unknown dtype ${String(entry.dtype)}`);
    const start = dataStart + entry.offset;
    const byteLength = entry.length * kind.BYTES_PER_ELEMENT;
    if (start + byteLength > bytes.byteLength) fail(`array ${entry.name} runs past the end`);
    // Copy into a buffer of its own so the typed array is aligned whatever the file buffer's offset.
    const copy = new Uint8Array(byteLength);
    copy.set(bytes.subarray(start, start + byteLength));
    arrays[entry.name] = new kind(copy.buffer);
  }
  return { meta: header.meta, arrays };
}

/** Where the checkpoint replaced by the latest write of `path` is kept: `last.ckpt` -> `last.previous.ckpt`. */
export function previousCheckpointPath(path: string): string {
  return path.endsWith('.ckpt') ? `${path.slice(0, -'.ckpt'.length)}.previous.ckpt` : `${path}.previous`;
}

/** Writes a checkpoint atomically, keeping the one it replaces at previousCheckpointPath. */
export async function writeCheckpointFile(path: string, content: CheckpointContent): Promise<void> {
  await writeFileAtomic(path, encodeCheckpoint(content), { keepPreviousAs: previousCheckpointPath(path) });
}

/** Reads and checks a checkpoint: DamagedFileError when its bytes are not those written. */
export async function readCheckpointFile(path: string): Promise<CheckpointContent> {
  return decodeCheckpoint(await fs.readFile(path), path);
}

export type CheckpointCheck =
  | { readonly state: 'sound'; readonly content: CheckpointContent }
  /** The checkpoint was damaged or missing; the previous one, sound, now stands in its place. */
  | { readonly state: 'restored'; readonly content: CheckpointContent; readonly problem: string; readonly keptAs: string | null }
  /** Neither it nor a previous one can be read: `problem` says why. */
  | { readonly state: 'unusable'; readonly problem: string };

function describeProblem(error: unknown): string {
  if (error instanceof DamagedFileError) return `${error.path} is damaged (${error.reason})`;
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return `${(error as NodeJS.ErrnoException).path} is missing`;
  throw error;
}

/**
 * Checks the checkpoint at `path`. When it is damaged or missing but the previous one is sound, the
 * previous one is put back in its place (a damaged file is kept aside as `<name>.damaged-<time>`),
 * so that whatever reads `path` next continues from the last sound state.
 */
export async function recoverCheckpoint(path: string): Promise<CheckpointCheck> {
  let problem: string;
  try {
    return { state: 'sound', content: await readCheckpointFile(path) };
  } catch (error) {
    problem = describeProblem(error);
  }
  const previous = previousCheckpointPath(path);
  let content: CheckpointContent;
  try {
    content = await readCheckpointFile(previous);
  } catch (error) {
    const previousProblem = describeProblem(error);
    return { state: 'unusable', problem: existsSync(previous) ? `${problem}, and ${previousProblem}` : problem };
  }
  let keptAs: string | null = null;
  if (existsSync(path)) {
    keptAs = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await fs.rename(path, keptAs);
  }
  await writeFileAtomic(path, encodeCheckpoint(content));
  return { state: 'restored', content, problem, keptAs };
}
