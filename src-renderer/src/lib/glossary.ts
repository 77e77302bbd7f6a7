// One name per quantity, the same in every view, and the sentence that defines it (shown as the
// name's tooltip). Views take names from here rather than writing their own.

export interface Term {
  readonly name: string;
  readonly definition: string;
}

function validationMse(parameter: string): string {
  return `Mean squared error of the standardised ${parameter} on the validation split (1 is no better than guessing the mean).`;
}

/** What a network is trained to output. */
const TARGETS = 'the standardised targets (alpha, xi and d; ln xi or Gamma where the run trains on those)';

const SCORE = 'The challenge score: squared errors of alpha, xi and d, each standardised with the mean and std of the training labels, summed';

export const GLOSSARY = {
  alpha: { name: 'α', definition: 'alpha: the coupling strength of the spins (challenge prior: uniform on [0, 20]).' },
  xi: { name: 'ξ', definition: 'xi: the coupling length, in lattice spacings (challenge prior: 3.5 + 7.7/G with G ~ Gamma(2.5, 1), at most 110).' },
  d: { name: 'd', definition: 'd: the dissipation exponent; the dephasing rate is Gamma = 2.5·10^(−d/2), so d = 6 dephases most.' },
  trainLoss: { name: 'train loss', definition: `The loss on the training split, averaged over the epoch: the MSE of ${TARGETS} (a Gaussian NLL for runs that estimate their uncertainty).` },
  valLoss: { name: 'val loss', definition: `The MSE of ${TARGETS} on the validation split after each epoch (for runs that estimate their uncertainty too); a run’s val loss is its lowest, at its best epoch.` },
  valMseAlpha: { name: 'val MSE α', definition: validationMse('alpha') },
  valMseXi: { name: 'val MSE ξ', definition: validationMse('xi') },
  valMseD: { name: 'val MSE d', definition: validationMse('d') },
  valErr: { name: 'val Err', definition: `${SCORE} over the validation curves. Lower is better.` },
  valPerElement: { name: 'val Err/3n', definition: `${SCORE} over the n validation curves and divided by 3n: the challenge score per element (the mean of the three val MSEs). Lower is better.` },
  evalPerElement: { name: 'eval Err/3n', definition: `${SCORE} over the n eval curves against their answer key and divided by 3n (data sets with an answer key only). Lower is better.` },
  bestEpoch: { name: 'best epoch', definition: 'The epoch of the lowest val loss: the weights the run keeps unless it was told to keep the last.' },
  epoch: { name: 'epoch', definition: 'One pass over the training split.' },
  learningRate: { name: 'learning rate', definition: 'The optimiser’s step size at that epoch (schedules lower it as training goes).' },
  trainingTime: { name: 'training time', definition: 'Seconds spent training: the sum of the epochs’ times, so that the time a resumed run lay interrupted does not count.' },
  spreadSpearman: { name: 'σ–|err| ρ', definition: 'Spearman correlation, over the eval curves, of the predicted std with the absolute error: near 1 when the uncertainty tells which predictions to trust.' },
  sampleK: { name: 'sample k', definition: 'The index of a time sample of M(t): sample k is at t = 2(k + 1); the π pulse at k = 157, the echo near k = 313.' },
  saliency: { name: 'G(t)', definition: 'Feature importance: the gradient of an output with respect to each input sample, summed over the validation curves (|gradient| summed: where the network looks).' },
  studyTime: { name: 'study time', definition: 'Seconds a study has spent training its trials.' },
} as const satisfies Record<string, Term>;

export type TermId = keyof typeof GLOSSARY;

export function termName(id: TermId): string {
  return GLOSSARY[id].name;
}

export function termDefinition(id: TermId): string {
  return GLOSSARY[id].definition;
}

/** The name of alpha, xi or d. */
export function parameterName(parameter: 'alpha' | 'xi' | 'd'): string {
  return GLOSSARY[parameter].name;
}
