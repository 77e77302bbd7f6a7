// Encodes contract messages for a WebSocket: JSON, with typed arrays moved as raw bytes into a
// binary tail rather than spelled out as number lists. Pure code shared by the server and the renderer.

const TYPED_ARRAYS = {
  Float32Array,
  Float64Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;

type TypedArrayName = keyof typeof TYPED_ARRAYS;
type TypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

interface TypedMarker {
  readonly $typed: TypedArrayName;
  readonly offset: number;
  readonly length: number;
}

/** A message that is not valid JSON or whose binary frame is inconsistent. */
export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

// Every array starts on an 8-byte boundary, so the receiver can view it in place, without a copy.
const ALIGN = 8;
const HEADER_BYTES = 4;

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function typedArrayName(value: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = value.constructor.name;
  return name in TYPED_ARRAYS ? (name as TypedArrayName) : null;
}

function isMarker(value: unknown): value is TypedMarker {
  if (typeof value !== 'object' || value === null) return false;
  const marker = value as Partial<TypedMarker>;
  return typeof marker.$typed === 'string' && typeof marker.offset === 'number' && typeof marker.length === 'number';
}

/**
 * A message as a text frame (no typed arrays inside) or a binary frame: a little-endian uint32
 * JSON length, the JSON, then each typed array's bytes. Byte order is the host's (little-endian
 * on every platform the app ships for).
 */
export function encodeMessage(message: unknown): string | Uint8Array {
  const arrays: TypedArray[] = [];
  let tail = 0;
  const json = JSON.stringify(message, (_key, value: unknown) => {
    const name = typedArrayName(value);
    if (name === null) return value;
    const array = value as TypedArray;
    const marker: TypedMarker = { $typed: name, offset: tail, length: array.length };
    arrays.push(array);
    tail = align(tail + array.byteLength);
    return marker;
  });
  if (arrays.length === 0) return json;
  const jsonBytes = new TextEncoder().encode(json);
  const bodyStart = align(HEADER_BYTES + jsonBytes.byteLength);
  const frame = new Uint8Array(bodyStart + tail);
  new DataView(frame.buffer).setUint32(0, jsonBytes.byteLength, true);
  frame.set(jsonBytes, HEADER_BYTES);
  let offset = bodyStart;
  for (const array of arrays) {
    frame.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset = align(offset + array.byteLength);
  }
  return frame;
}

function parseJson(text: string, reviver?: (key: string, value: unknown) => unknown): unknown {
  try {
    return JSON.parse(text, reviver);
  } catch (error) {
    if (error instanceof WireFormatError) throw error;
    throw new WireFormatError(`malformed JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Decodes a text or binary frame made by encodeMessage; typed arrays view the frame's memory. */
export function decodeMessage(frame: string | ArrayBuffer | Uint8Array): unknown {
  if (typeof frame === 'string') return parseJson(frame);
  let bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame);
  // Node hands out pooled, unaligned buffers: copy those once (Buffer#slice would not) so every view is aligned.
  if (bytes.byteOffset % ALIGN !== 0) bytes = new Uint8Array(bytes);
  if (bytes.byteLength < HEADER_BYTES) throw new WireFormatError('binary frame shorter than its header');
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (HEADER_BYTES + jsonLength > bytes.byteLength) throw new WireFormatError('binary frame shorter than its JSON header says');
  const json = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + jsonLength));
  const bodyStart = align(HEADER_BYTES + jsonLength);
  return parseJson(json, (_key, value) => {
    if (!isMarker(value)) return value;
    const kind = TYPED_ARRAYS[value.$typed];
    if (!kind) throw new WireFormatError(`unknown typed array '${String(value.$typed)}'`);
    const start = bodyStart + value.offset;
    const byteLength = value.length * kind.BYTES_PER_ELEMENT;
    if (!Number.isInteger(value.offset) || !Number.isInteger(value.length) || value.offset < 0 || value.length < 0 || start % ALIGN !== 0 || start + byteLength > bytes.byteLength) {
      throw new WireFormatError(`typed array outside the frame (offset ${value.offset}, length ${value.length})`);
    }
    return new kind(bytes.buffer as ArrayBuffer, bytes.byteOffset + start, value.length);
  });
}
