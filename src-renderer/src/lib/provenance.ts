// Says where a data set came from in a few key: value facts: the folder of an import, the recipe of a simulation.
import type { Dataset } from '../../../src-main/core/api/contract.ts';

function scalar(value: unknown): string | null {
  return ['string', 'number', 'boolean'].includes(typeof value) ? String(value) : null;
}

/** "lo to hi" for a [lo, hi] pair. */
function range(value: unknown): string | null {
  return Array.isArray(value) && value.length === 2 ? `${value[0]} to ${value[1]}` : null;
}

function facts(entries: [string, unknown][]): [string, string][] {
  return entries.flatMap(([key, value]) => {
    const text = scalar(value);
    return text === null ? [] : [[key, text] as [string, string]];
  });
}

export function provenanceFacts(dataset: Dataset): [string, string][] {
  const provenance = dataset.provenance;
  if (provenance.kind === 'challenge-folder') return facts([['folder', provenance.folder]]);
  if (provenance.kind === 'simulation') {
    const manifest = (provenance.manifest ?? {}) as Record<string, unknown>;
    const options = (manifest.options ?? {}) as Record<string, unknown>;
    const priors = (options.priors ?? {}) as { alpha?: unknown; Gamma?: unknown; xi?: { max?: unknown } };
    const normalisation = (options.normalisation ?? {}) as { kind?: unknown };
    return facts([
      ['seed', manifest.seed],
      ['lattice', options.lattice],
      ['detuning', manifest.detuning],
      ['normalisation', normalisation.kind === 'none' ? undefined : normalisation.kind],
      ['alpha prior', range(priors.alpha)],
      ['Gamma prior', range(priors.Gamma)],
      ['xi at most', priors.xi?.max],
      ['folder', provenance.directory],
    ]);
  }
  return facts(Object.entries(provenance));
}
