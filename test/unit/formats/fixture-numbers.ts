// Random numbers and their numpy spelling for the format tests and the parse benchmark, free of
// vitest so that a benchmark run by plain node can import them.

/** A deterministic generator (mulberry32), so every random fixture is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** numpy's '%.18e': 19 significant digits and at least two exponent digits. */
export function numpyExponential(value: number): string {
  return value.toExponential(18).replace(/e([+-])(\d)$/, 'e$10$2');
}
