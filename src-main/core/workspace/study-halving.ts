// The successive-halving schedule of a study as a pure function of its trials' stored state: the
// next step to take while other trials may still be training, whatever order they finish in.
import type { RunStatus } from '../store/runs.ts';

export interface HalvingSettings {
  /** Epochs a trial has trained after each rung, increasing. */
  readonly rungs: readonly number[];
  /** Each rung keeps the best 1/reduction of the bracket's trials that reached it. */
  readonly reduction: number;
  /** Configurations drawn per bracket. */
  readonly bracketSize: number;
}

/** A trial as the schedule sees it: its place in the study and its run's state. */
export interface HalvingTrial {
  readonly runId: string;
  /** Draw order in the study. */
  readonly trial: number;
  readonly bracket: number;
  /** The highest rung it was promoted to. */
  readonly rung: number;
  readonly status: RunStatus;
  /** Epochs its run is planned to train (what it has trained once finished). */
  readonly epochs: number;
  /** Its validation score per element; null for a diverged or unfinished run. */
  readonly score: number | null;
}

export type HalvingStep =
  | { readonly kind: 'draw'; readonly bracket: number }
  | { readonly kind: 'resume' | 'extend'; readonly runId: string; readonly epochs: number }
  | { readonly kind: 'promote'; readonly bracket: number; readonly rung: number; readonly runIds: readonly string[] }
  /** Nothing can start until a trial in training settles. */
  | { readonly kind: 'wait' }
  | { readonly kind: 'done' };

export interface HalvingOptions {
  /** The budget allows another configuration. */
  readonly canDraw: boolean;
}

const TRAINING: ReadonlySet<RunStatus> = new Set(['queued', 'running']);

/** Lower is better; a diverged trial (no score) ranks last, and a tie goes to the earlier draw. */
function byScore(a: HalvingTrial, b: HalvingTrial): number {
  return (a.score ?? Infinity) - (b.score ?? Infinity) || a.trial - b.trial;
}

/**
 * The next step of synchronous successive halving with brackets that may overlap:
 * - brackets are served oldest first: a trial to resume (interrupted or cancelled) or to extend (a
 *   promoted trial not yet trained to its rung's epochs), then the newest bracket's draws;
 * - a bracket promotes from rung r only once it holds all its configurations (bracketSize, or the
 *   budget's last) and every trial that reached r has settled there (finished with rung r's epochs,
 *   or failed); it then keeps the best max(1, floor(reached / reduction)) of them by validation
 *   score, ties to the earlier draw. The decision reads only the set of rung-r results, never the
 *   order they arrived in, so trials finishing out of order promote exactly the same runs;
 * - a new bracket opens when the newest one holds all its configurations and the budget allows,
 *   even while older brackets wait on trials in training, so that a free trainer is never idle.
 * `wait` when every step left needs a trial in training to settle first, `done` when none is left.
 */
export function nextHalvingStep(trials: readonly HalvingTrial[], settings: HalvingSettings, options: HalvingOptions): HalvingStep {
  const { rungs, reduction, bracketSize } = settings;
  const newest = trials.reduce((last, trial) => Math.max(last, trial.bracket), 0);
  let waiting = false;
  for (let bracket = 0; bracket <= newest; bracket++) {
    const members = trials.filter((trial) => trial.bracket === bracket).sort((a, b) => a.trial - b.trial);
    for (const trial of members) {
      const target = rungs[trial.rung];
      if (trial.status === 'interrupted' || trial.status === 'cancelled') return { kind: 'resume', runId: trial.runId, epochs: Math.max(target, trial.epochs) };
      if (trial.status === 'finished' && trial.epochs < target) return { kind: 'extend', runId: trial.runId, epochs: target };
    }
    if (bracket === newest && members.length < bracketSize && options.canDraw) return { kind: 'draw', bracket };
    const step = promotionOf(members, bracket, rungs, reduction);
    if (step === 'wait') waiting = true;
    else if (step !== 'done') return step;
  }
  const newestFull = trials.length === 0 || trials.filter((trial) => trial.bracket === newest).length >= bracketSize;
  if (options.canDraw && newestFull) return { kind: 'draw', bracket: trials.length === 0 ? 0 : newest + 1 };
  return waiting ? { kind: 'wait' } : { kind: 'done' };
}

/** A bracket's next promotion, 'wait' while a trial of its rung trains, 'done' when it has none left. */
function promotionOf(members: readonly HalvingTrial[], bracket: number, rungs: readonly number[], reduction: number): HalvingStep | 'wait' | 'done' {
  if (members.some((trial) => TRAINING.has(trial.status))) return 'wait';
  for (let rung = 0; rung < rungs.length - 1; rung++) {
    if (members.some((trial) => trial.rung > rung)) continue;
    const reached = members.filter((trial) => trial.rung === rung);
    const candidates = reached.filter((trial) => trial.status === 'finished').sort(byScore);
    if (candidates.length === 0) return 'done';
    const keep = Math.max(1, Math.floor(reached.length / reduction));
    return { kind: 'promote', bracket, rung: rung + 1, runIds: candidates.slice(0, keep).map((trial) => trial.runId) };
  }
  return 'done';
}
