// One checkpoint as one binary file, written atomically: a JSON header (topology, settings, states)
// and the typed arrays it names (weights, optimiser moments), each 8-byte aligned.
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../files/atomic-write.ts';

const MAGIC = 'SEWCKPT1';

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
  const dataStart = align8(MAGIC.length + 4 + header.byteLength);
  const bytes = new Uint8Array(dataStart + offset);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(MAGIC.length, header.byteLength, true);
  bytes.set(header, MAGIC.length + 4);
  for (const entry of entries) {
    const array = content.arrays[entry.name];
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + entry.offset);
  }
  return bytes;
}

/** Decodes a buffer written by encodeCheckpoint; `source` names it in errors. */
export function decodeCheckpoint(bytes: Uint8Array, source: string): CheckpointContent {
  const fail = (why: string): never => {
    throw new Error(`${source}: not a readable checkpoint (${why})`);
  };
  if (bytes.byteLength < MAGIC.length + 4 || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) fail('bad magic');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > bytes.byteLength) fail('truncated header');
  let header: { meta: unknown; arrays: ArrayEntry[] };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, headerEnd)));
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

export async function writeCheckpointFile(path: string, content: CheckpointContent): Promise<void> {
  await writeFileAtomic(path, encodeCheckpoint(content));
}

export async function readCheckpointFile(path: string): Promise<CheckpointContent> {
  return decodeCheckpoint(await fs.readFile(path), path);
}
