// Keras's weight initialisers, drawn from a seeded uniform source so that a run's initial weights
// are the same on every backend and every machine.

/** The initialisers a layer's kernel may be drawn with. */
export const INITIALIZERS = ['he_normal', 'glorot_uniform', 'lecun_normal'] as const;
export type Initializer = (typeof INITIALIZERS)[number];

export type Fill = Initializer | 'zeros' | 'ones';

/** Standard normal draws by Box-Muller from a uniform source on [0, 1). */
function normalSource(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = 1 - uniform();
    const angle = 2 * Math.PI * uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

// Keras divides by the std of a unit normal truncated to [-2, 2], so the truncated draws keep the target variance.
const TRUNCATED_STD = 0.87962566103423978;

function fillTruncatedNormal(target: Float32Array, std: number, uniform: () => number): void {
  const normal = normalSource(uniform);
  for (let i = 0; i < target.length; i++) {
    let z = normal();
    while (Math.abs(z) > 2) z = normal();
    target[i] = z * std;
  }
}

/**
 * Fills `target` as Keras would: he_normal and lecun_normal are truncated normals of variance
 * 2/fanIn and 1/fanIn, glorot_uniform is uniform on +-sqrt(6/(fanIn + fanOut)).
 */
export function fillWeights(target: Float32Array, fill: Fill, fanIn: number, fanOut: number, uniform: () => number): void {
  switch (fill) {
    case 'zeros':
      target.fill(0);
      return;
    case 'ones':
      target.fill(1);
      return;
    case 'he_normal':
      fillTruncatedNormal(target, Math.sqrt(2 / fanIn) / TRUNCATED_STD, uniform);
      return;
    case 'lecun_normal':
      fillTruncatedNormal(target, Math.sqrt(1 / fanIn) / TRUNCATED_STD, uniform);
      return;
    case 'glorot_uniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < target.length; i++) target[i] = (2 * uniform() - 1) * limit;
      return;
    }
  }
}
