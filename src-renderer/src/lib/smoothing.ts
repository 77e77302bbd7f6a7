// Smoothing of learning curves as TensorBoard does it: an exponential moving average, debiased so
// that the first points are not pulled towards zero; gaps (null) stay gaps.

/** The smoothed values of `values` with weight in [0, 1): 0 leaves them as they are. */
export function smoothEma(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (!(weight > 0)) return [...values];
  const w = Math.min(weight, 0.999);
  let last = 0;
  let debias = 0;
  return values.map((value) => {
    if (value === null || !Number.isFinite(value)) return null;
    last = last * w + (1 - w) * value;
    debias = debias * w + (1 - w);
    return last / debias;
  });
}
