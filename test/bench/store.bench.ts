// Prints what the workspace database costs on this machine: the integrity check at every open
// (full integrity_check, and quick_check for comparison) on a large workspace, and one epoch's write.
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkIntegrity, openDatabase } from '../../src-main/core/store/database.ts';
import { insertDataset } from '../../src-main/core/store/datasets.ts';
import { upsertEpochMetrics } from '../../src-main/core/store/epoch-metrics.ts';
import { insertRun } from '../../src-main/core/store/runs.ts';

const RUNS = 200;
const EPOCHS = 500;
const dir = mkdtempSync(join(tmpdir(), 'spin-echo-store-bench-'));
const path = join(dir, 'workbench.sqlite');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(repeats: number, work: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const { db } = openDatabase(path);
const stats = { min: 0, max: 1, mean: 0.5, std: 0.3 };
insertDataset(db, { id: 'ds-00000001', name: 'bench', model: 'gauss', source: 'demo', provenance: {}, modelCount: 6000, evalCount: 1200, hasEvalTruth: false, length: 471, labelStats: { alpha: stats, xi: stats, d: stats } , directory: 'datasets/ds-00000001' });
const hyperparameters = { learningRate: 0.001, batchSize: 32, hiddenUnits: [200, 200, 200, 200, 200, 200, 200], optimizer: 'nadam', schedule: 'plateau', plateauFactor: 0.75, epochs: EPOCHS, seed: 1 };
// Bulk rows in one transaction per run: the bench measures reads, not how this table was filled.
db.pragma('synchronous = OFF');
for (let r = 0; r < RUNS; r++) {
  const id = `run-${String(r).padStart(8, '0')}`;
  insertRun(db, { id, datasetId: 'ds-00000001', preset: 'seed-mlp', backendRequested: 'auto', seed: r, epochs: EPOCHS, hyperparameters: { ...hyperparameters, seed: r }, directory: `runs/${id}` });
  const insert = db.prepare(`INSERT INTO epoch_metrics VALUES (?, ?, ?, ?, 0.001, 0.1, 0.2, 0.3, 1.5, 4000, 'now')`);
  db.transaction(() => {
    for (let e = 1; e <= EPOCHS; e++) insert.run(id, e, 1 / e, 2 / e);
  })();
}
db.pragma('synchronous = FULL');

// One epoch as the owner stores it: upsert plus the best-epoch refresh, committed with fsync.
const extraRun = 'run-99999999';
insertRun(db, { id: extraRun, datasetId: 'ds-00000001', preset: 'seed-mlp', backendRequested: 'auto', seed: 0, epochs: 1000, hyperparameters, directory: 'runs/x' });
let epoch = 0;
const epochWrite = time(50, () => upsertEpochMetrics(db, extraRun, { epoch: ++epoch, loss: 1, valLoss: 1 / epoch, lr: 0.001, valMseAlpha: 0.1, valMseXi: 0.1, valMseD: 0.1, seconds: 1, samplesPerSecond: 1 }));
db.close();

const bytes = statSync(path).size;
const full = time(5, () => {
  if (checkIntegrity(path) !== null) throw new Error('the bench database is damaged');
});
const quick = time(5, () => {
  const reader = new BetterSqlite3(path, { readonly: true });
  reader.pragma('quick_check');
  reader.close();
});
const open = time(5, () => openDatabase(path).db.close());

console.log(`workspace database: ${RUNS} runs x ${EPOCHS} epochs = ${RUNS * EPOCHS} epoch rows, ${(bytes / 1e6).toFixed(1)} MB`);
console.log(`  integrity_check (done at every open): ${full.toFixed(1)} ms`);
console.log(`  quick_check, for comparison:          ${quick.toFixed(1)} ms`);
console.log(`  whole open (check, migrate, recover): ${open.toFixed(1)} ms`);
console.log(`  one epoch stored (synchronous=FULL):  ${epochWrite.toFixed(2)} ms`);
rmSync(dir, { recursive: true, force: true });
