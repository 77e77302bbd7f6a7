// An export writes both kinds of file and the report beside them; the Electron face prints that
// report to PDF through its printer, and the browser face says it cannot, in plain words.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../src-main/core/api/contract.ts';
import { dispatchCall } from '../../src-main/core/api/contract-dispatch.ts';
import { Workbench } from '../../src-main/core/workbench/workbench.ts';

let root: string;
let workspaceDir: string;
let exportId: string;
let runId: string;
const printed: string[] = [];

function waitFor(workbench: Workbench, test: (event: EventMessage) => boolean): Promise<EventMessage> {
  return new Promise((resolve) => {
    const stop = workbench.onEvent((event) => {
      if (test(event)) {
        stop();
        resolve(event);
      }
    });
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'spin-echo-report-'));
  workspaceDir = join(root, 'workspace');
  const workbench = await Workbench.open({
    workspaceDir,
    mode: 'electron',
    printer: {
      async printToPdf(html) {
        printed.push(html);
        return new TextEncoder().encode('%PDF-1.7 test');
      },
    },
  });
  try {
    const ready = waitFor(workbench, (event) => event.name === 'datasetReady' && event.payload.dataset.name === 'tiny');
    await workbench.simulateDataset({ model: 'gauss', name: 'tiny', seed: 2, modelCount: 40, evalCount: 8, settings: { lattice: 16 } });
    const dataset = ((await ready) as Extract<EventMessage, { name: 'datasetReady' }>).payload.dataset;
    const run = await workbench.startRun({ datasetId: dataset.id, preset: 'mlp', epochs: 2, backend: 'cpu', overrides: { hiddenUnits: [8], activations: ['relu'], batchSize: 8, validationFraction: 0.25 } });
    runId = run.id;
    await waitFor(workbench, (event) => event.name === 'runState' && event.payload.run.id === runId && event.payload.run.status === 'finished');
    const reply = await dispatchCall(workbench, 'exportSubmission', { outDir: join(root, 'out'), gauss: runId });
    if (!reply.ok) throw new Error(reply.error.message);
    exportId = (reply.value as { export: { id: string } }).export.id;
    const pdf = await dispatchCall(workbench, 'printReportPdf', { exportId });
    expect(pdf).toEqual({ ok: true, value: { path: join(root, 'out', 'report.pdf') } });
    expect(await dispatchCall(workbench, 'printReportPdf', { exportId: 'exp-nope' })).toMatchObject({ ok: false, error: { kind: 'input' } });
  } finally {
    await workbench.close();
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('export report', () => {
  it('writes the submission file, summary.json and report.html, and lists the report among the files', () => {
    const out = join(root, 'out');
    const rows = readFileSync(join(out, 'gauss_mat_info_eval.txt'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row.split('\t').map(Number).filter(Number.isFinite)).toHaveLength(3);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(runId);
    expect(html).toContain('Score against the answer key');
    expect(html.match(/<svg\b/g)).toHaveLength(4);
  });

  it('prints that same report to PDF in Electron', () => {
    expect(readFileSync(join(root, 'out', 'report.pdf'), 'utf8')).toBe('%PDF-1.7 test');
    expect(printed).toEqual([readFileSync(join(root, 'out', 'report.html'), 'utf8')]);
  });

  it('answers unavailable in the browser, pointing at the HTML report', async () => {
    const browser = await Workbench.open({ workspaceDir, mode: 'browser' });
    try {
      const reply = await dispatchCall(browser, 'printReportPdf', { exportId });
      expect(reply).toMatchObject({ ok: false, error: { kind: 'unavailable', message: expect.stringContaining('HTML report') } });
      expect((await browser.listExports())[0].files).toContain('report.html');
    } finally {
      await browser.close();
    }
  });
});
