// The contract's study and ensemble calls over the workspace: studies driven in the background of
// this process, their state told to the UI as studyState events, and their rows in the contract's words.
import type { CallInput, CallResult, EventMessage, Study } from '../api/contract.ts';
import { InputError } from '../errors.ts';
import { runView, runViews } from './run-view.ts';
import type { StudyBudget, StudyRecord } from '../store/studies.ts';
import type { StudySettings } from '../workspace/studies.ts';
import type { Workspace } from '../workspace/workspace.ts';

type Run = CallResult<'startRun'>;
type ContractBudget = CallInput<'startStudy'>['budget'];

function toStudyBudget(budget: ContractBudget): StudyBudget {
  return 'minutes' in budget ? { kind: 'time', seconds: budget.minutes * 60 } : { kind: 'trials', count: budget.trials };
}

function toContractBudget(budget: StudyBudget): ContractBudget {
  return budget.kind === 'time' ? { minutes: budget.seconds / 60 } : { trials: budget.count };
}

export class StudyCalls {
  /** Studies this process drives, until each settles. */
  private readonly drives = new Map<string, Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly workspace: Workspace,
    private readonly emit: (event: EventMessage) => void,
  ) {}

  async start({ datasetId, budget, seed, ...search }: CallInput<'startStudy'>): Promise<Study> {
    // Only the fields given: an undefined one would hide the core's default.
    const settings = Object.fromEntries(Object.entries(search).filter(([, value]) => value !== undefined)) as Partial<StudySettings>;
    const study = this.workspace.studies.create({ datasetId, budget: toStudyBudget(budget), seed, settings });
    return this.drive(study.id);
  }

  async list(): Promise<Study[]> {
    return this.workspace.studies.list().map((study) => this.toStudy(study));
  }

  async get({ studyId, top }: CallInput<'getStudy'>): Promise<CallResult<'getStudy'>> {
    const studies = this.workspace.studies;
    const study = this.toStudy(studies.get(studyId));
    return {
      study,
      trials: (() => {
        const trials = studies.trials(studyId);
        const views = runViews(this.workspace, trials.map((trial) => trial.run));
        return trials.map(({ trial, bracket, rung }, k) => ({ trial, bracket, rung, run: views[k] }));
      })(),
      bestSoFar: studies.bestSoFar(studyId),
      top: runViews(this.workspace, studies.top(studyId, top)),
    };
  }

  async stop({ studyId }: CallInput<'stopStudy'>): Promise<Study> {
    const drive = this.drives.get(studyId);
    this.workspace.studies.stop(studyId);
    // The trial in training is cancelled after its batch; the answer waits for the study to record its stop.
    await drive?.catch(() => {});
    return this.toStudy(this.workspace.studies.get(studyId));
  }

  async resume({ studyId, budget }: CallInput<'resumeStudy'>): Promise<Study> {
    if (this.drives.has(studyId)) throw new InputError(`study '${studyId}' is already running`);
    if (budget !== undefined) this.workspace.studies.setBudget(studyId, toStudyBudget(budget));
    return this.drive(studyId);
  }

  async createEnsemble(request: CallInput<'createEnsemble'>): Promise<Run> {
    if ('runIds' in request) return runView(this.workspace, await this.workspace.ensembles.create({ members: request.runIds }));
    const run = await this.workspace.studies.ensemble(request.studyId, request.top);
    this.tell(request.studyId);
    return runView(this.workspace, run);
  }

  /** Stops telling: the workspace closing stops the studies itself. */
  close(): void {
    this.closed = true;
  }

  /** Runs the study in the background; its trials and its end become studyState events. */
  private drive(studyId: string): Study {
    const done = this.workspace.studies.run(studyId, { onEvent: () => this.tell(studyId) });
    this.drives.set(studyId, done);
    const settle = () => {
      this.drives.delete(studyId);
      this.tell(studyId);
    };
    // A failed study keeps its error in its row, which the event carries.
    done.then(settle, settle);
    const study = this.toStudy(this.workspace.studies.get(studyId));
    this.emit({ type: 'event', name: 'studyState', payload: { study } });
    return study;
  }

  private tell(studyId: string): void {
    if (this.closed) return;
    try {
      this.emit({ type: 'event', name: 'studyState', payload: { study: this.toStudy(this.workspace.studies.get(studyId)) } });
    } catch (error) {
      process.emitWarning(`study ${studyId}: its state could not be told: ${String(error)}`);
    }
  }

  private toStudy(record: StudyRecord): Study {
    const { state: _state, budget, settings, ...study } = record;
    const studies = this.workspace.studies;
    return {
      ...study,
      budget: toContractBudget(budget),
      settings,
      trialCount: studies.trials(record.id).length,
      bestValPerElement: studies.bestSoFar(record.id).at(-1)?.valPerElement ?? null,
    };
  }
}
