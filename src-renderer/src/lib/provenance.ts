// Says where a data set came from in a few key: value facts: the folder of an import, the recipe of a simulation.
import type { Dataset } from '../../../src-main/core/contract.ts';

function scalar(value: unknown): string | null {
  return ['string', 'number', 'boolean'].includes(typeof value) ? String(value) : null;
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
    return facts([
      ['seed', manifest.seed],
      ['lattice', options.lattice],
      ['detuning', manifest.detuning],
      ['folder', provenance.directory],
    ]);
  }
  return facts(Object.entries(provenance));
}
