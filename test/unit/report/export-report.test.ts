// The export report: one self-contained page (no remote content, every text escaped) with each
// model's data, network, hyperparameters, metrics, score and plots; and the SVG plots under it.
import { describe, expect, it } from 'vitest';
import { renderExportReport, type ReportModel } from '../../../src-main/core/report/export-report.ts';
import { escapeXml, lineChartSvg, niceTicks, scatterSvg } from '../../../src-main/core/report/svg-plot.ts';
import type { DatasetRecord } from '../../../src-main/core/store/datasets.ts';
import type { RunRecord } from '../../../src-main/core/store/runs.ts';

const stats = { min: 0, max: 1, mean: 0.5, std: 0.1 };

function dataset(model: 'gauss' | 'RKKY'): DatasetRecord {
  return {
    id: `ds-${model}`, name: `${model} <set>`, model, source: 'imported', provenance: { folder: '/data/challenge' }, modelCount: 5400, evalCount: 600,
    hasEvalTruth: model === 'gauss', length: 471, labelStats: { alpha: stats, xi: stats, d: stats }, directory: `datasets/ds-${model}`, createdAt: '2026-01-01T00:00:00Z',
  };
}

function run(id: string, datasetId: string): RunRecord {
  return {
    id, datasetId, preset: 'seed-mlp', status: 'finished', backendRequested: 'auto', backend: 'wasm', backendNotes: null, seed: 7, epochs: 150,
    hyperparameters: { learningRate: 0.001, hiddenUnits: [200, 200], resultWeights: 'best' }, createdAt: '', startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T01:00:00Z', bestEpoch: 2, bestValLoss: 0.25, bestValMse: { alpha: 0.1, xi: 0.2, d: 0.3 }, valErr: 120, valPerElement: 0.2,
    result: null, tags: ['final'], notes: 'notes with <script>alert(1)</script>', parentRunId: null, errorMessage: null, directory: `runs/${id}`,
  };
}

function model(name: 'gauss' | 'RKKY', withScore: boolean): ReportModel {
  return {
    model: name,
    file: `${name}_mat_info_eval.txt`,
    rows: 600,
    run: run(`run-${name}`, `ds-${name}`),
    dataset: dataset(name),
    epochs: [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch, valLoss: epoch === 2 ? null : 0.5 / epoch, lr: 0.001, valMseAlpha: null, valMseXi: null, valMseD: null, seconds: 1, samplesPerSecond: null })),
    validation: { predictions: Float64Array.from([1, 2, 3, 4, 5, 6]), truth: Float64Array.from([1.1, 2, 2.9, 4, 5.5, 6]) },
    score: withScore ? { err: 42, perElement: 0.07, perParameter: { alpha: 0.05, xi: 0.06, d: 0.1 }, count: 600 } : null,
  };
}

const html = renderExportReport({
  exportId: 'exp-1',
  createdAt: '2026-01-02T00:00:00Z',
  program: { name: 'Spin Echo Workbench', version: '0.1.0' },
  directory: '/out',
  models: [model('gauss', true), model('RKKY', false)],
});

describe('export report', () => {
  it('is one self-contained HTML document that loads nothing from anywhere', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    // The only URL is the SVG namespace, which names and never fetches.
    expect(html.match(/https?:\/\/[^\s"']+/g)?.every((url) => url === 'http://www.w3.org/2000/svg')).toBe(true);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes what users typed', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('notes with &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('gauss &lt;set&gt;');
  });

  it('describes each model: data set, network, hyperparameters, metrics, and the score only where there is an answer key', () => {
    for (const name of ['gauss', 'RKKY']) {
      expect(html).toContain(`id="${name}"`);
      expect(html).toContain(`run-${name}`);
      expect(html).toContain(`${name}_mat_info_eval.txt`);
    }
    expect(html).toContain('Seed MLP (notebook)');
    expect(html).toMatch(/<th scope="row">hiddenUnits<\/th><td>200, 200<\/td>/);
    expect(html).toMatch(/<th scope="row">validation MSE ξ \(standardised\)<\/th><td>0.2<\/td>/);
    expect(html.match(/Score against the answer key/g)).toHaveLength(1);
    expect(html).toMatch(/<th scope="row">Err\/3n<\/th><td>0.07<\/td>/);
  });

  it('draws a learning curve and three true-against-predicted plots per model, with unique clip paths', () => {
    const svgs = html.match(/<svg\b/g) ?? [];
    expect(svgs).toHaveLength(2 * 4);
    const clips = [...html.matchAll(/<clipPath id="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(clips).size).toBe(clips.length);
    // Two validation rows per scatter plot.
    expect((html.match(/<circle /g) ?? []).length).toBeGreaterThanOrEqual(2 * 3 * 2);
  });
});

describe('svg plots', () => {
  it('picks round ticks', () => {
    expect(niceTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0.013, 0.048, 4)).toEqual([0.02, 0.03, 0.04]);
    expect(escapeXml(`a<b & "c" 'd'`)).toBe('a&lt;b &amp; &quot;c&quot; &#39;d&#39;');
  });

  it('breaks a line at a missing value and leaves non-positive values off a log axis', () => {
    const svg = lineChartSvg({
      id: 'x', width: 300, height: 200, title: 't', xLabel: 'x', yLabel: 'y', logY: true,
      series: [{ label: 's', colour: '#000', points: [{ x: 1, y: 1 }, { x: 2, y: 0.5 }, { x: 3, y: null }, { x: 4, y: 0.2 }, { x: 5, y: 0.1 }, { x: 6, y: 0 }] }],
    });
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
  });

  it('draws the identity line across the common range of a scatter plot', () => {
    const svg = scatterSvg({ id: 's', width: 200, height: 200, title: 't', xLabel: 'x', yLabel: 'y', identity: true, groups: [{ label: 'g', colour: '#123456', points: [{ x: 0, y: 1 }, { x: 2, y: 3 }, { x: Number.NaN, y: 1 }] }] });
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).toMatch(/<line x1="[\d.]+" y1="[\d.]+" x2="[\d.]+" y2="[\d.]+" stroke="#666"/);
  });
});
