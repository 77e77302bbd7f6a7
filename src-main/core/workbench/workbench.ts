// Implements the contract by delegating to the workspace, formats, physics and learn modules; it
// holds no science and no SQL, only the wiring between calls, core modules, jobs and events.
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { CallInput, CallResult, EventMessage } from '../api/contract.ts';
import type { CallHandlers, EventSource } from '../api/contract-dispatch.ts';
import { CurveExplorer } from './curve-explorer.ts';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { CHALLENGE_ROLES, challengeFileName, findChallengeFiles } from '../formats/challenge-files.ts';
import { MODEL_NAMES } from '../formats/curves.ts';
import { describeHyperparameters } from '../learn/hyperparameters.ts';
import { isPresetName, PRESET_NAMES, PRESETS } from '../learn/presets.ts';
import type { TrainerClient } from '../learn/trainer-client.ts';
import { UnavailableError, type NativeDialogs } from './native-dialogs.ts';
import type { PdfPrinter } from './pdf-printer.ts';
import { generateDataset } from '../workspace/generate-dataset.ts';
import { kernelOfModel } from '../physics/kernels.ts';
import { REPORT_FILE } from '../report/export-report.ts';
import { runView, runViews } from './run-view.ts';
import { StudyCalls } from './study-calls.ts';
import { checkModelText, ModelCalls } from './model-calls.ts';
import { readArtifactFile } from '../formats/array-file.ts';
import type { ArtifactRecord } from '../store/artifacts.ts';
import type { DatasetRecord } from '../store/datasets.ts';
import { productName, programVersion } from '../version.ts';
import { resolveExportFolder } from '../workspace/submissions.ts';
import { openWorkspace, type Workspace } from '../workspace/workspace.ts';
import type { WorkspaceEvent } from '../workspace/workspace-events.ts';

export interface OpenWorkbenchOptions {
  readonly workspaceDir: string;
  /** Which face shows the UI: it decides whether native dialogs exist. */
  readonly mode: 'electron' | 'browser';
  readonly dialogs?: NativeDialogs;
  /** Prints reports to PDF; only the Electron face has one. */
  readonly printer?: PdfPrinter;
  readonly electronVersion?: string | null;
  /** Makes the trainer client: Electron's runs in a utilityProcess; by default a forked Node process. */
  readonly createTrainer?: () => TrainerClient;
  /** Start a fresh database where a damaged one was moved aside (the damaged file is kept). */
  readonly recreateIfDamaged?: boolean;
  /** How many runs train at once in this session (--trainers), over the workspace's setting. */
  readonly trainers?: number;
}

type Dataset = CallResult<'listDatasets'>[number];

/** Progress events at most this often per job (the last one always goes out). */
const PROGRESS_INTERVAL_MS = 100;

// The trainer picks the backend at a run's start; before the first run the About box says how.
const BACKEND_BEFORE_FIRST_RUN = { name: 'auto', detail: 'chosen by the trainer at the first run: tfjs-node if it loads, else wasm, else cpu' };

function toDataset({ directory: _directory, ...dataset }: DatasetRecord): Dataset {
  return dataset;
}

export class Workbench implements CallHandlers, EventSource {
  private readonly listeners = new Set<(event: EventMessage) => void>();
  private readonly explorer = new CurveExplorer();
  /** When each job's progress last went out: at most every PROGRESS_INTERVAL_MS per job (the last always goes). */
  private readonly progressSent = new Map<string, number>();
  private readonly stopForwarding: () => void;
  private readonly studies: StudyCalls;
  private readonly models: ModelCalls;

  private constructor(
    private readonly options: OpenWorkbenchOptions,
    private readonly workspace: Workspace,
  ) {
    this.stopForwarding = workspace.subscribe((event) => this.forward(event));
    this.studies = new StudyCalls(workspace, (event) => this.emit(event));
    this.models = new ModelCalls(workspace);
  }

  /** Opens (creating when needed) the workspace and takes its lock. */
  static async open(options: OpenWorkbenchOptions): Promise<Workbench> {
    return new Workbench(options, await openWorkspace(options.workspaceDir, { createTrainer: options.createTrainer, recreateIfDamaged: options.recreateIfDamaged, trainers: options.trainers }));
  }

  onEvent(listener: (event: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hands an event to every bridge. Electron's menu uses it too. */
  emit(event: EventMessage): void {
    for (const listener of this.listeners) listener(event);
  }

  async getWorkspaceInfo(): Promise<CallResult<'getWorkspaceInfo'>> {
    const lastStarted = this.workspace.runs.list({ orderBy: [{ field: 'startedAt', direction: 'desc' }], limit: 50 }).find((run) => run.backend !== null);
    return {
      productName,
      version: programVersion,
      workspaceDir: this.workspace.dir,
      mode: this.options.mode,
      mlBackend: lastStarted
        ? { name: lastStarted.backend!, detail: `used by the latest run ${lastStarted.id}${lastStarted.backendNotes ? `; ${lastStarted.backendNotes}` : ''}` }
        : BACKEND_BEFORE_FIRST_RUN,
      platform: { os: process.platform, arch: process.arch, node: process.versions.node, electron: this.options.electronVersion ?? null },
      trainers: this.workspace.trainers(),
    };
  }

  async setTrainerCount({ trainers }: CallInput<'setTrainerCount'>): Promise<CallResult<'setTrainerCount'>> {
    this.workspace.setTrainers(trainers);
    return this.getWorkspaceInfo();
  }

  /** The workspace is open, so its database is sound: nothing to replace. */
  async startFreshDatabase(): Promise<CallResult<'startFreshDatabase'>> {
    return this.getWorkspaceInfo();
  }

  async listDatasets(): Promise<CallResult<'listDatasets'>> {
    return this.workspace.datasets.list().map(toDataset);
  }

  async inspectFolder({ folder }: CallInput<'inspectFolder'>): Promise<CallResult<'inspectFolder'>> {
    const found = await findChallengeFiles(resolve(folder));
    return {
      folder: found.dir,
      models: MODEL_NAMES.map((model) => {
        const { present, importable, files, problems, warnings } = found.models[model];
        return {
          model,
          present,
          importable: importable && problems.length === 0,
          files: CHALLENGE_ROLES.filter((role) => role !== 'submission' || files.submission !== undefined).map((role) => ({
            role,
            name: files[role] !== undefined ? basename(files[role]) : challengeFileName(model, role),
            found: files[role] !== undefined,
          })),
          problems,
          warnings,
        };
      }),
    };
  }

  async importDataset({ folder, model, name }: CallInput<'importDataset'>): Promise<CallResult<'importDataset'>> {
    const jobId = this.workspace.jobs.start('import', `import ${folder}`, (signal, onProgress) => this.workspace.datasets.importFolder(folder, { model, name, signal, onProgress }));
    return { jobId };
  }

  async simulateDataset({ model, name, seed, modelCount, evalCount, settings }: CallInput<'simulateDataset'>): Promise<CallResult<'simulateDataset'>> {
    // The challenge-format files stay in the workspace beside the arrays: the data set can be shared as it is.
    const outDir = join(this.workspace.dir, 'simulations', `${model}-seed${seed}-${Date.now()}`);
    const jobId = this.workspace.jobs.start('simulate', `simulate ${modelCount + evalCount} ${model} curves`, async (signal, onProgress) => {
      const generated = await generateDataset({
        kernel: kernelOfModel(model),
        seed,
        outDir,
        source: { kind: 'priors', modelCount, evalCount },
        options: settings,
        collect: 'float32',
        signal,
        onProgress,
      });
      await this.workspace.datasets.registerSimulated(generated, { name, signal });
    });
    return { jobId };
  }

  async getCurves({ datasetId, split, offset, limit, indices }: CallInput<'getCurves'>): Promise<CallResult<'getCurves'>> {
    this.workspace.datasets.get(datasetId);
    return { datasetId, split, ...(await this.workspace.curves.page(datasetId, { split, offset, limit, indices })) };
  }

  async getLabels({ datasetId, split }: CallInput<'getLabels'>): Promise<CallResult<'getLabels'>> {
    this.workspace.datasets.get(datasetId);
    return { datasetId, split, ...(await this.workspace.curves.labels(datasetId, split)) };
  }

  async simulateCurve({ model, alpha, xi, d, seed, settings }: CallInput<'simulateCurve'>): Promise<CallResult<'simulateCurve'>> {
    const started = performance.now();
    const { data, length } = await this.explorer.simulate({ kernel: kernelOfModel(model), alpha, xi, d: d ?? Infinity, seed, options: settings });
    return { length, curve: data, seconds: (performance.now() - started) / 1000 };
  }

  async describeFitRecipe({ datasetId, ...choice }: CallInput<'describeFitRecipe'>): Promise<CallResult<'describeFitRecipe'>> {
    return this.workspace.fits.recipe(datasetId, choice);
  }

  async fitCurve(request: CallInput<'fitCurve'>): Promise<CallResult<'fitCurve'>> {
    // A request that cannot run is refused here, as the call's error, rather than as a failed job.
    const plan = await this.workspace.fits.plan(request);
    // The work starts after start() has returned, so jobId is set by the time it runs.
    const label = `fit ${plan.split} curve ${plan.curveIndex} of ${this.workspace.datasets.get(plan.datasetId).name}`;
    const jobId: string = this.workspace.jobs.start('fit', label, (signal, onProgress) =>
      this.workspace.fits.run(plan, { keepAs: jobId, signal, onProgress }),
    );
    return { jobId };
  }

  async getFitResult({ jobId }: CallInput<'getFitResult'>): Promise<CallResult<'getFitResult'>> {
    return { jobId, ...this.workspace.fits.outcome(jobId) };
  }

  async listPresets(): Promise<CallResult<'listPresets'>> {
    const builtIn = PRESET_NAMES.map((name) => ({ name, title: PRESETS[name].title, description: PRESETS[name].description, family: PRESETS[name].family }));
    const saved = this.workspace.models.list().map((model) => ({ name: model.name, title: model.name, description: model.description, family: 'layers' as const }));
    return [...builtIn, ...saved];
  }

  async describeHyperparameters({ preset }: CallInput<'describeHyperparameters'>): Promise<CallResult<'describeHyperparameters'>> {
    if (!isPresetName(preset)) this.workspace.models.get(preset);
    return describeHyperparameters(preset);
  }

  async listModels(): Promise<CallResult<'listModels'>> {
    return this.models.list();
  }

  async checkModel({ text }: CallInput<'checkModel'>): Promise<CallResult<'checkModel'>> {
    return checkModelText(text);
  }

  async saveModel(request: CallInput<'saveModel'>): Promise<CallResult<'saveModel'>> {
    return this.models.save(request);
  }

  async deleteModel(request: CallInput<'deleteModel'>): Promise<CallResult<'deleteModel'>> {
    return this.models.remove(request);
  }

  async startRun({ datasetId, preset, ...recipe }: CallInput<'startRun'>): Promise<CallResult<'startRun'>> {
    const run = await this.workspace.runs.create({ datasetId, preset, ...recipe });
    this.queue(run.id);
    return runView(this.workspace, run);
  }

  async cancelRun({ runId }: CallInput<'cancelRun'>): Promise<CallResult<'cancelRun'>> {
    this.workspace.runs.cancel(runId);
    return {};
  }

  async resumeRun({ runId, epochs, restart }: CallInput<'resumeRun'>): Promise<CallResult<'resumeRun'>> {
    const { run, settled } = await this.workspace.runs.resume(runId, { epochs, restart });
    settled.catch((error: unknown) => process.emitWarning(`run ${run.id} did not settle cleanly: ${String(error)}`));
    return runView(this.workspace, run);
  }

  async cloneRun({ runId, start, ...request }: CallInput<'cloneRun'>): Promise<CallResult<'cloneRun'>> {
    const run = await this.workspace.runs.clone(runId, request);
    if (start) this.queue(run.id);
    return runView(this.workspace, run);
  }

  async setRunTags({ runId, tags }: CallInput<'setRunTags'>): Promise<CallResult<'setRunTags'>> {
    return runView(this.workspace, this.workspace.runs.setTags(runId, tags));
  }

  async setRunNotes({ runId, notes }: CallInput<'setRunNotes'>): Promise<CallResult<'setRunNotes'>> {
    return runView(this.workspace, this.workspace.runs.setNotes(runId, notes));
  }

  async listRuns(query: CallInput<'listRuns'>): Promise<CallResult<'listRuns'>> {
    return runViews(this.workspace, this.workspace.runs.list(query as Parameters<Workspace['runs']['list']>[0]));
  }

  async getRunMetrics({ runId }: CallInput<'getRunMetrics'>): Promise<CallResult<'getRunMetrics'>> {
    const { run, epochs } = this.workspace.runs.show(runId);
    return { run: runView(this.workspace, run), epochs: epochs.map(({ runId: _runId, recordedAt: _recordedAt, ...metrics }) => metrics) };
  }

  async getRunPredictions({ runId, split }: CallInput<'getRunPredictions'>): Promise<CallResult<'getRunPredictions'>> {
    const { dataset } = this.workspace.runs.show(runId);
    const { indices, labels: predictions, std } = await this.workspace.predictions.read(runId, split);
    const count = predictions.length / 3;
    const labels = split === 'validation' || dataset.hasEvalTruth ? (await this.workspace.curves.page(dataset.id, { split: split === 'validation' ? 'model' : 'eval', indices: Array.from(indices) })).labels : null;
    return { runId, split, count, indices, predictions, truth: labels, std };
  }

  async getRunHeatmap({ runId }: CallInput<'getRunHeatmap'>): Promise<CallResult<'getRunHeatmap'>> {
    const { run, artifacts } = this.workspace.runs.show(runId);
    const heatmaps = artifacts.filter((artifact) => artifact.kind === 'heatmap');
    const signed = heatmaps.findLast((artifact) => artifact.meta.measure === 'signed');
    const absolute = heatmaps.findLast((artifact) => artifact.meta.measure === 'absolute');
    if (!signed || !absolute) throw new InputError(`run '${runId}' is ${run.status} and has no saliency heatmap`);
    return {
      runId,
      features: signed.shape![1],
      layout: signed.meta.layout as CallResult<'getRunHeatmap'>['layout'],
      signed: Float64Array.from(await this.readArtifact(signed)),
      absolute: Float64Array.from(await this.readArtifact(absolute)),
    };
  }

  async exportSubmission({ outDir, gauss, rkky }: CallInput<'exportSubmission'>): Promise<CallResult<'exportSubmission'>> {
    const { result } = this.workspace.jobs.run('export', `export ${[gauss, rkky].filter(Boolean).join(' and ')}`, (signal, onProgress) =>
      this.workspace.submissions.export({ outDir, gauss, rkky, signal, onProgress }),
    );
    const { record, paths } = await result;
    return { export: record, paths };
  }

  async resolveExportFolder({ outDir }: CallInput<'resolveExportFolder'>): Promise<CallResult<'resolveExportFolder'>> {
    return { path: resolveExportFolder(outDir) };
  }

  async listExports(): Promise<CallResult<'listExports'>> {
    return this.workspace.exports();
  }

  async printReportPdf({ exportId }: CallInput<'printReportPdf'>): Promise<CallResult<'printReportPdf'>> {
    if (!this.options.printer) throw new UnavailableError('a PDF report', 'the HTML report beside the submission files is the report');
    const record = this.workspace.exports().find((candidate) => candidate.id === exportId);
    if (!record) throw new InputError(`no export '${exportId}' in this workspace`);
    if (!record.files.includes(REPORT_FILE)) throw new InputError(`export '${exportId}' was written without a report: export again to get one`);
    const htmlPath = join(record.directory, REPORT_FILE);
    const html = await readFile(htmlPath, 'utf8').catch(() => {
      throw new InputError(`${htmlPath} is gone: export again to write the report anew`);
    });
    const path = join(record.directory, 'report.pdf');
    await writeFileAtomic(path, await this.options.printer.printToPdf(html));
    return { path };
  }

  async listJobs(): Promise<CallResult<'listJobs'>> {
    return this.workspace.jobs.list();
  }

  async cancelJob({ jobId }: CallInput<'cancelJob'>): Promise<CallResult<'cancelJob'>> {
    return { cancelled: this.workspace.jobs.cancel(jobId) };
  }

  async chooseFolder(args: CallInput<'chooseFolder'>): Promise<CallResult<'chooseFolder'>> {
    if (!this.options.dialogs) throw new UnavailableError('a folder dialog');
    return { path: await this.options.dialogs.chooseFolder(args) };
  }

  startStudy(args: CallInput<'startStudy'>): Promise<CallResult<'startStudy'>> {
    return this.studies.start(args);
  }

  listStudies(): Promise<CallResult<'listStudies'>> {
    return this.studies.list();
  }

  getStudy(args: CallInput<'getStudy'>): Promise<CallResult<'getStudy'>> {
    return this.studies.get(args);
  }

  stopStudy(args: CallInput<'stopStudy'>): Promise<CallResult<'stopStudy'>> {
    return this.studies.stop(args);
  }

  resumeStudy(args: CallInput<'resumeStudy'>): Promise<CallResult<'resumeStudy'>> {
    return this.studies.resume(args);
  }

  createEnsemble(args: CallInput<'createEnsemble'>): Promise<CallResult<'createEnsemble'>> {
    return this.studies.createEnsemble(args);
  }

  /** Cancels the jobs, stops the explorer's worker, and closes the workspace (its trainer too). */
  async close(): Promise<void> {
    await this.explorer.close();
    this.studies.close();
    this.stopForwarding();
    this.listeners.clear();
    await this.workspace.close();
  }

  /** Hands a new run to the trainer queue; how it ends arrives as runState events. */
  private queue(runId: string): void {
    this.workspace.runs.start(runId).catch((error: unknown) => process.emitWarning(`run ${runId} did not settle cleanly: ${String(error)}`));
  }

  private async readArtifact(artifact: ArtifactRecord): Promise<Float32Array | Float64Array> {
    if (!artifact.dtype || !artifact.shape) throw new Error(`${artifact.path}: an artifact without dtype and shape`);
    return readArtifactFile(join(this.workspace.dir, artifact.path), artifact.dtype, artifact.shape);
  }

  /** The workspace's events in the contract's words. */
  private forward(event: WorkspaceEvent): void {
    switch (event.type) {
      case 'dataset-ready':
        this.emit({ type: 'event', name: 'datasetReady', payload: { dataset: toDataset(event.dataset) } });
        return;
      case 'run-state':
        this.emit({ type: 'event', name: 'runState', payload: { run: runView(this.workspace, event.run) } });
        return;
      case 'run-epoch': {
        const { runId, metrics, totalEpochs, startEpoch, backend } = event;
        this.emit({ type: 'event', name: 'runEpoch', payload: { runId, metrics, totalEpochs, startEpoch, backend } });
        return;
      }
      case 'job-progress': {
        const { jobId, progress } = event;
        const now = performance.now();
        if (progress.done < progress.total && now - (this.progressSent.get(jobId) ?? -Infinity) < PROGRESS_INTERVAL_MS) return;
        this.progressSent.set(jobId, now);
        this.emit({ type: 'event', name: 'jobProgress', payload: { jobId, done: progress.done, total: progress.total, etaSeconds: progress.etaSeconds } });
        return;
      }
      case 'job-finished': {
        const { jobId, kind, outcome, message } = event;
        this.progressSent.delete(jobId);
        this.emit({ type: 'event', name: 'jobFinished', payload: { jobId, kind, outcome, message } });
        return;
      }
    }
  }
}
