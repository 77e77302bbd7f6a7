// The defaults of a study's search: the core applies them and the start form shows them. A module
// of plain values, so that the renderer can import it without the contract's schemas.
export const STUDY_SEARCH_DEFAULTS = { top: 5, seed: 1, rungs: [10, 40, 120], reduction: 3, bracketSize: 9 } as const;

/** The preset name that asks for a study instead of one run (train --model auto, the Train view). */
export const AUTO_PRESET = 'auto';
