// Independent random streams keyed by (seed, purpose, index): each curve draws from its own stream,
// so results never depend on which worker simulates it or in what order.
import { InputError } from '../errors.ts';
import { Random } from '../random.ts';

/** What a stream is for: separate purposes never share numbers, even for the same index. */
export const STREAM_PURPOSE = {
  labels: 1,
  datasetDetuning: 2,
  curveDetuning: 3,
} as const;
export type StreamPurpose = (typeof STREAM_PURPOSE)[keyof typeof STREAM_PURPOSE];

const MASK_64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

/** SplitMix64's output function (Steele, Lea and Flood): a bijective 64-bit mix. */
function mix64(value: bigint): bigint {
  let z = value & MASK_64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
  return z ^ (z >> 31n);
}

/** Throws InputError unless `seed` is an integer in [0, 2^53). */
export function validateSeed(seed: number, what = 'seed'): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InputError(`${what} must be an integer in [0, 2^53), not ${seed}`);
}

/**
 * The xoshiro128** generator of stream (seed, purpose, index). The key is hashed with SplitMix64
 * one part at a time; two further SplitMix64 outputs fill the generator's four 32-bit words.
 */
export function randomStream(seed: number, purpose: StreamPurpose, index: number): Random {
  validateSeed(seed);
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`stream index must be a non-negative integer, not ${index}`);
  let key = mix64(BigInt(seed) + GOLDEN_GAMMA);
  key = mix64((key ^ BigInt(purpose)) + GOLDEN_GAMMA);
  key = mix64((key ^ BigInt(index)) + GOLDEN_GAMMA);
  const first = mix64(key + GOLDEN_GAMMA);
  const second = mix64(key + 2n * GOLDEN_GAMMA);
  const words: [number, number, number, number] = [
    Number(first & 0xffffffffn),
    Number(first >> 32n),
    Number(second & 0xffffffffn),
    Number(second >> 32n),
  ];
  // xoshiro's one forbidden state; a 2^-128 event, but cheap to rule out.
  if (words.every((word) => word === 0)) words[0] = 1;
  return Random.fromState({ algorithm: 'xoshiro128**', words });
}
