// CRC-32 (the zlib/PNG polynomial) of stored bytes, to tell a damaged file from a sound one.
import * as zlib from 'node:zlib';

type Crc32 = (data: Uint8Array, value?: number) => number;

let table: Uint32Array | null = null;

/** The same CRC-32 in JavaScript, for Node versions before zlib.crc32 (20.15). */
function crc32InJavaScript(data: Uint8Array, value = 0): number {
  if (table === null) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = ~value >>> 0;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

const native = (zlib as unknown as { crc32?: Crc32 }).crc32;

/** CRC-32 of `data`, continuing from `value` (the CRC of the bytes before it) when given. */
export const crc32: Crc32 = native ? (data, value = 0) => native(data, value) : crc32InJavaScript;

export { crc32InJavaScript as crc32ForTests };
