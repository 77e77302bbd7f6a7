// The report of a submission export, the "description of what you have done" the challenge asks
// for: one self-contained HTML page (inline styles and SVG plots, nothing remote) per export,
// with each model's data set, network, hyperparameters, metrics and plots.
import type { ChallengeScore } from '../learn/score.ts';
import { isPresetName, PRESETS } from '../learn/presets.ts';
import type { DatasetRecord } from '../store/datasets.ts';
import type { EpochMetrics } from '../store/epoch-metrics.ts';
import type { RunRecord } from '../store/runs.ts';
import { escapeXml, lineChartSvg, scatterSvg } from './svg-plot.ts';

export const REPORT_FILE = 'report.html';

export interface ReportModel {
  readonly model: 'gauss' | 'RKKY';
  /** The submission file written for this model, and its rows. */
  readonly file: string;
  readonly rows: number;
  readonly run: RunRecord;
  readonly dataset: DatasetRecord;
  readonly epochs: readonly EpochMetrics[];
  /** Validation predictions and the true labels, (alpha, xi, d) per row; null when the run kept none. */
  readonly validation: { readonly predictions: Float64Array; readonly truth: Float64Array } | null;
  /** The score against the data set's answer key, when it has one. */
  readonly score: ChallengeScore | null;
}

export interface ReportInput {
  readonly exportId: string;
  readonly createdAt: string;
  readonly program: { readonly name: string; readonly version: string };
  readonly directory: string;
  readonly models: readonly ReportModel[];
}

const PARAMETERS = [
  ['alpha', 'α'],
  ['xi', 'ξ'],
  ['d', 'd'],
] as const;
const COLOURS = { loss: '#2458c6', valLoss: '#d1495b', points: '#2458c6' };

function number(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5) ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

function value(entry: unknown): string {
  if (typeof entry === 'number') return number(entry);
  if (Array.isArray(entry)) return entry.map(value).join(', ');
  if (entry === null || entry === undefined) return '–';
  return typeof entry === 'object' ? JSON.stringify(entry) : String(entry);
}

function rows(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([key, text]) => `<tr><th scope="row">${escapeXml(key)}</th><td>${escapeXml(text)}</td></tr>`).join('');
}

function presetTitle(preset: string): string {
  return isPresetName(preset) ? PRESETS[preset].title : preset;
}

/** One paragraph in words: which network, trained how long on what, chosen how. */
function summary(entry: ReportModel): string {
  const { run, dataset, epochs } = entry;
  const trained = epochs.length > 0 ? `${epochs.at(-1)!.epoch} of ${run.epochs} planned epochs` : 'no stored epochs';
  const weights = run.hyperparameters.resultWeights === 'last' ? 'the weights of the last epoch' : `the weights of its best epoch by validation loss (epoch ${run.bestEpoch ?? '–'})`;
  const source = dataset.source === 'imported' ? 'imported from the challenge files' : dataset.source === 'simulated' ? 'simulated by the workbench' : 'a demo data set';
  return (
    `The ${entry.model} predictions come from run ${run.id}, a ${presetTitle(run.preset)} network trained for ${trained} ` +
    `on data set “${dataset.name}” (${dataset.modelCount} training curves of ${dataset.length} samples, ${source}), ` +
    `on the ${run.backend ?? run.backendRequested} backend with seed ${run.seed}. The submission uses ${weights}; ` +
    `its validation score is Err/3n = ${number(run.valPerElement)}.`
  );
}

function learningCurve(entry: ReportModel): string {
  if (entry.epochs.length === 0) return '<p class="muted">No learning curve: the run stored no epochs.</p>';
  return lineChartSvg({
    id: `${entry.model}-loss`,
    width: 560,
    height: 280,
    title: `Loss and validation loss of run ${entry.run.id} by epoch`,
    xLabel: 'epoch',
    yLabel: 'loss (log scale)',
    logY: true,
    series: [
      { label: 'training loss', colour: COLOURS.loss, points: entry.epochs.map((epoch) => ({ x: epoch.epoch, y: epoch.loss })) },
      { label: 'validation loss', colour: COLOURS.valLoss, points: entry.epochs.map((epoch) => ({ x: epoch.epoch, y: epoch.valLoss })) },
    ],
  });
}

function scatters(entry: ReportModel): string {
  const validation = entry.validation;
  if (!validation) return '<p class="muted">No validation predictions were kept for this run.</p>';
  const count = validation.predictions.length / 3;
  return PARAMETERS.map(([name, symbol], p) =>
    scatterSvg({
      id: `${entry.model}-${name}`,
      width: 250,
      height: 250,
      title: `True against predicted ${name} on ${count} validation curves`,
      xLabel: `true ${symbol}`,
      yLabel: `predicted ${symbol}`,
      identity: true,
      groups: [{ label: name, colour: COLOURS.points, points: Array.from({ length: count }, (_, k) => ({ x: validation.truth[3 * k + p], y: validation.predictions[3 * k + p] })) }],
    }),
  ).join('');
}

function modelSection(entry: ReportModel): string {
  const { run, dataset, score } = entry;
  const hyperparameters = Object.entries(run.hyperparameters).sort(([a], [b]) => a.localeCompare(b));
  const metrics: [string, string][] = [
    ['best epoch', value(run.bestEpoch)],
    ['best validation loss', number(run.bestValLoss)],
    ...PARAMETERS.map(([name, symbol]) => [`validation MSE ${symbol} (standardised)`, number(run.bestValMse?.[name])] as [string, string]),
    ['validation Err', number(run.valErr)],
    ['validation Err/3n', number(run.valPerElement)],
  ];
  const scoreRows: [string, string][] = score
    ? [
        ['Err', number(score.err)],
        ['Err/3n', number(score.perElement)],
        ...PARAMETERS.map(([name, symbol]) => [`MSE ${symbol} (standardised)`, number(score.perParameter[name])] as [string, string]),
        ['curves scored', String(score.count)],
      ]
    : [];
  return `
<section class="model" id="${entry.model}">
  <h2>${escapeXml(entry.model)}: ${escapeXml(entry.file)}</h2>
  <p>${escapeXml(summary(entry))}</p>
  <div class="columns">
    <div>
      <h3>Data</h3>
      <table>${rows([
        ['data set', `${dataset.name} (${dataset.id})`],
        ['kernel', dataset.model],
        ['source', dataset.source],
        ['training curves', String(dataset.modelCount)],
        ['eval curves', `${dataset.evalCount}${dataset.hasEvalTruth ? ', with an answer key' : ''}`],
        ['samples per curve', String(dataset.length)],
        ['rows written', String(entry.rows)],
      ])}</table>
      <details><summary>Provenance</summary><pre>${escapeXml(JSON.stringify(dataset.provenance, null, 2).slice(0, 4000))}</pre></details>
      <h3>Model and training</h3>
      <table>${rows([
        ['run', run.id],
        ['preset', `${presetTitle(run.preset)} (${run.preset})`],
        ['backend', `${run.backend ?? run.backendRequested}${run.backendNotes ? `; ${run.backendNotes}` : ''}`],
        ['seed', String(run.seed)],
        ['epochs planned', String(run.epochs)],
        ['started', run.startedAt ?? '–'],
        ['finished', run.finishedAt ?? '–'],
        ['cloned from', run.parentRunId ?? '–'],
        ['tags', run.tags.join(', ') || '–'],
        ['notes', run.notes || '–'],
      ])}</table>
      <h3>Validation metrics</h3>
      <table>${rows(metrics)}</table>
      ${score ? `<h3>Score against the answer key</h3><table class="score">${rows(scoreRows)}</table>` : ''}
    </div>
    <div>
      <h3>Hyperparameters</h3>
      <table class="hp">${rows(hyperparameters.map(([key, entryValue]) => [key, value(entryValue)]))}</table>
    </div>
  </div>
  <h3>Learning curve</h3>
  <figure>${learningCurve(entry)}</figure>
  <h3>True against predicted, validation curves</h3>
  <figure class="scatters">${scatters(entry)}</figure>
</section>`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1d22;background:#fff;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.45}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:2px solid #2458c6;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1rem;margin:1rem 0 .3rem}
table{border-collapse:collapse;font-size:.85rem;margin-bottom:.5rem}th,td{text-align:left;padding:.15rem .6rem .15rem 0;border-bottom:1px solid #e3e5ea;vertical-align:top}
th{color:#5d6470;font-weight:normal}.muted{color:#5d6470}.columns{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}
figure{margin:0}.scatters{display:flex;flex-wrap:wrap;gap:.5rem}pre{font-size:.75rem;white-space:pre-wrap;background:#f5f6f8;padding:.4rem}
.score td{font-weight:600}section.model{break-before:page}section.model:first-of-type{break-before:auto}
@media print{body{margin:0;max-width:none}details{display:block}details>summary{display:none}}`;

/** The report as one HTML document. */
export function renderExportReport(input: ReportInput): string {
  const overview = input.models
    .map(
      (entry) =>
        `<tr><th scope="row">${escapeXml(entry.model)}</th><td>${escapeXml(entry.file)}</td><td>${escapeXml(entry.run.id)}</td><td>${escapeXml(entry.dataset.name)}</td><td>${escapeXml(number(entry.run.valPerElement))}</td><td>${escapeXml(entry.score ? number(entry.score.perElement) : '–')}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Spin-echo submission ${escapeXml(input.exportId)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Spin-echo challenge submission</h1>
<p class="muted">Export ${escapeXml(input.exportId)}, ${escapeXml(input.createdAt)}, written by ${escapeXml(input.program.name)} ${escapeXml(input.program.version)} into ${escapeXml(input.directory)}.</p>
<p>Each model's parameters (alpha, xi, d) for the evaluation curves were predicted by a neural network trained on echo curves with known parameters. The sections below give, per model, the data it learned from, the network and its hyperparameters, its scores on held-out validation curves (and against the answer key where one exists), its learning curve and its predictions against the truth.</p>
<table>
<thead><tr><th>model</th><th>file</th><th>run</th><th>data set</th><th>validation Err/3n</th><th>answer key Err/3n</th></tr></thead>
<tbody>${overview}</tbody>
</table>
${input.models.map(modelSection).join('\n')}
</body>
</html>
`;
}
