// spin-echo score: the challenge score of a prediction file against the truth.
import { LABEL_NAMES, scoreLabelFiles } from '../../core/workspace/challenge-folders.ts';
import { parseCommandFlags, requiredFlag } from '../args.ts';
import { EXIT_OK } from '../exit-codes.ts';

const USAGE = `usage: spin-echo score --pred P --truth T --train-labels L [--json]

Err = sum over alpha, xi, d and all curves of the squared error after standardising with the
mean and population standard deviation of the training labels L. Also prints the per-element
mean Err / (3 n) and the mean squared standardised error of each parameter.

  --pred P           predicted labels, e.g. gauss_mat_info_eval.txt
  --truth T          true labels, e.g. gauss_mat_info_eval_truth.txt
  --train-labels L   training labels, e.g. gauss_mat_info_model.txt
  --json             print the result as JSON`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, { pred: { type: 'string' }, truth: { type: 'string' }, 'train-labels': { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  if (parsed === null) return EXIT_OK;
  const { values } = parsed;
  const predPath = requiredFlag('pred', values.pred);
  const truthPath = requiredFlag('truth', values.truth);
  const trainPath = requiredFlag('train-labels', values['train-labels']);

  const score = await scoreLabelFiles({ predictions: predPath, truth: truthPath, trainLabels: trainPath });

  if (values.json) process.stdout.write(JSON.stringify(score, null, 2) + '\n');
  else {
    const lines = [
      `Err = ${formatNumber(score.err)}`,
      `per-element = ${formatNumber(score.perElement)}`,
      ...LABEL_NAMES.map((name) => `${name} = ${formatNumber(score.perParameter[name])}`),
      `curves = ${score.count}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
  return EXIT_OK;
}

/** Six significant digits, without trailing zeros. */
function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}
