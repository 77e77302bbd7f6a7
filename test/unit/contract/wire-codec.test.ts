// The wire codec moves typed arrays as bytes, views them in place when aligned, and reports a bad frame.
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, WireFormatError } from '../../../src-main/core/api/wire-codec.ts';

describe('wire codec', () => {
  it('sends a message without typed arrays as plain JSON text', () => {
    const frame = encodeMessage({ type: 'call', id: 1, name: 'x', args: { a: [1, 2] } });
    expect(typeof frame).toBe('string');
    expect(decodeMessage(frame)).toEqual({ type: 'call', id: 1, name: 'x', args: { a: [1, 2] } });
  });

  it('round-trips typed arrays of every kind bit for bit, NaN and infinities included', () => {
    const curves = new Float32Array([0.5, -0.25, Number.NaN, Infinity, 1e-30]);
    const labels = new Float64Array([Math.PI, -0, Number.MIN_VALUE]);
    const message = { value: { curves, labels, indices: new Int32Array([3, -1]), flags: new Uint8Array([1, 2, 3]), count: 5 } };
    const frame = encodeMessage(message);
    expect(frame).toBeInstanceOf(Uint8Array);
    const decoded = decodeMessage(frame) as typeof message;
    expect(decoded.value.count).toBe(5);
    expect(decoded.value.curves).toBeInstanceOf(Float32Array);
    expect(new Uint8Array(decoded.value.curves.buffer, decoded.value.curves.byteOffset, curves.byteLength)).toEqual(new Uint8Array(curves.buffer));
    expect(Object.is(decoded.value.labels[1], -0)).toBe(true);
    expect(decoded.value.labels).toEqual(labels);
    expect(decoded.value.indices).toEqual(new Int32Array([3, -1]));
    expect(decoded.value.flags).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('sends a typed array as its own bytes, not as a number list', () => {
    const data = new Float32Array(471 * 2 * 100);
    const frame = encodeMessage({ data }) as Uint8Array;
    expect(frame.byteLength).toBeLessThan(data.byteLength + 256);
  });

  it('encodes a view into a larger buffer without the rest of that buffer', () => {
    const whole = new Float64Array([1, 2, 3, 4, 5, 6]);
    const decoded = decodeMessage(encodeMessage({ part: whole.subarray(2, 4) })) as { part: Float64Array };
    expect(Array.from(decoded.part)).toEqual([3, 4]);
  });

  it('decodes a frame that sits at an unaligned offset (a pooled Node buffer)', () => {
    const frame = encodeMessage({ x: new Float64Array([1.5, 2.5]) }) as Uint8Array;
    const pool = new Uint8Array(frame.byteLength + 3);
    pool.set(frame, 3);
    expect((decodeMessage(pool.subarray(3)) as { x: Float64Array }).x).toEqual(new Float64Array([1.5, 2.5]));
  });

  it('refuses malformed frames with a WireFormatError', () => {
    expect(() => decodeMessage('{"type":')).toThrow(WireFormatError);
    expect(() => decodeMessage(new Uint8Array([1, 0]))).toThrow(/shorter than its header/);
    expect(() => decodeMessage(new Uint8Array([200, 0, 0, 0, 123]))).toThrow(/shorter than its JSON header/);
    const frame = encodeMessage({ x: new Float32Array(4) }) as Uint8Array;
    expect(() => decodeMessage(frame.subarray(0, frame.byteLength - 8))).toThrow(/outside the frame/);
    const json = new TextEncoder().encode('{"x":{"$typed":"BigInt64Array","offset":0,"length":1}}');
    const forged = new Uint8Array(8 + json.byteLength + 16);
    new DataView(forged.buffer).setUint32(0, json.byteLength, true);
    forged.set(json, 4);
    expect(() => decodeMessage(forged)).toThrow(/unknown typed array/);
  });
});
