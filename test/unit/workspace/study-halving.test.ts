import { describe, expect, it } from 'vitest';
import { Random } from '../../../src-main/core/random.ts';
import type { RunStatus } from '../../../src-main/core/store/runs.ts';
import { nextHalvingStep, type HalvingSettings, type HalvingTrial } from '../../../src-main/core/workspace/study-halving.ts';

const SETTINGS: HalvingSettings = { rungs: [1, 3, 9], reduction: 3, bracketSize: 9 };

interface Trial {
  runId: string;
  trial: number;
  bracket: number;
  rung: number;
  status: RunStatus;
  epochs: number;
  score: number | null;
}

/** A trial's score after `epochs`: fixed per configuration, so any finishing order yields the same results; trial 4 diverges. */
function scoreOf(trial: number, epochs: number): number | null {
  if (trial === 4) return null;
  return ((trial * 7919) % 23) / (1 + epochs) + (trial % 3 === 0 ? 0.5 : 0);
}

interface Outcome {
  /** Every promotion: bracket, rung and the promoted runs. */
  readonly promotions: string[];
  /** The most trials in training at once. */
  readonly maxParallel: number;
}

/**
 * Drives the schedule as the study does with `slots` trainers: start steps while a trainer is free,
 * and otherwise let one training trial finish, picked by `random` (trials finish in any order).
 */
function simulate(slots: number, random: Random | null, budget: number): Outcome {
  const trials: Trial[] = [];
  const promotions: string[] = [];
  let maxParallel = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const training = trials.filter((trial) => trial.status === 'running');
    const step = training.length < slots ? nextHalvingStep(trials as HalvingTrial[], SETTINGS, { canDraw: trials.length < budget }) : ({ kind: 'wait' } as const);
    if (step.kind === 'done') {
      expect(training).toEqual([]);
      return { promotions, maxParallel };
    }
    if (step.kind === 'draw') {
      trials.push({ runId: `run-${trials.length}`, trial: trials.length, bracket: step.bracket, rung: 0, status: 'running', epochs: SETTINGS.rungs[0], score: null });
    } else if (step.kind === 'extend' || step.kind === 'resume') {
      Object.assign(trials.find((trial) => trial.runId === step.runId)!, { status: 'running', epochs: step.epochs });
    } else if (step.kind === 'promote') {
      const members = trials.filter((trial) => trial.bracket === step.bracket);
      // Promotions are decided on a complete rung only: no member of the bracket is training.
      expect(members.filter((trial) => trial.status === 'running')).toEqual([]);
      for (const runId of step.runIds) trials.find((trial) => trial.runId === runId)!.rung = step.rung;
      promotions.push(`bracket ${step.bracket} rung ${step.rung}: ${step.runIds.join(' ')}`);
    } else {
      expect(training.length).toBeGreaterThan(0);
      const finishing = training[random ? Math.floor(random.nextFloat() * training.length) : 0];
      finishing.status = finishing.trial === 7 && finishing.rung === 0 ? 'failed' : 'finished';
      finishing.score = finishing.status === 'finished' ? scoreOf(finishing.trial, finishing.epochs) : null;
    }
    maxParallel = Math.max(maxParallel, trials.filter((trial) => trial.status === 'running').length);
  }
  throw new Error('the schedule did not end');
}

describe('successive halving with trials finishing out of order', () => {
  const sequential = simulate(1, null, 20);

  it('promotes by the rule with one trainer: the best third of each rung, a failed and a diverged trial last', () => {
    expect(sequential.maxParallel).toBe(1);
    // Bracket 0: nine draws; the scores rank them, trial 4 (diverged) and 7 (failed) cannot go on.
    const ranked = [0, 1, 2, 3, 5, 6, 8]
      .map((trial) => ({ trial, score: scoreOf(trial, 1)! }))
      .sort((a, b) => a.score - b.score || a.trial - b.trial)
      .map(({ trial }) => `run-${trial}`);
    expect(sequential.promotions[0]).toBe(`bracket 0 rung 1: ${ranked.slice(0, 3).join(' ')}`);
    expect(sequential.promotions[1]).toMatch(/^bracket 0 rung 2: run-\d+$/);
    // The budget's last two draws make a bracket of two, which still promotes its best one.
    expect(sequential.promotions.filter((line) => line.startsWith('bracket 2 rung 1'))).toEqual([expect.stringMatching(/^bracket 2 rung 1: run-(18|19)$/)]);
  });

  it.each([2, 3, 4, 8])('promotes the same runs with %i trainers whatever order trials finish in', (slots) => {
    for (let seed = 1; seed <= 25; seed++) {
      const parallel = simulate(slots, new Random(seed), 20);
      expect(parallel.maxParallel).toBe(slots);
      expect([...parallel.promotions].sort()).toEqual([...sequential.promotions].sort());
    }
  });

  it('opens the next bracket while an older one waits on a trial in training, and waits when nothing can start', () => {
    const trials: HalvingTrial[] = Array.from({ length: 3 }, (_, i) => ({
      runId: `run-${i}`,
      trial: i,
      bracket: 0,
      rung: 0,
      status: i === 0 ? 'running' : 'finished',
      epochs: 1,
      score: i,
    }));
    const settings = { rungs: [1, 2], reduction: 2, bracketSize: 3 };
    expect(nextHalvingStep(trials, settings, { canDraw: true })).toEqual({ kind: 'draw', bracket: 1 });
    expect(nextHalvingStep(trials, settings, { canDraw: false })).toEqual({ kind: 'wait' });
    trials[0] = { ...trials[0], status: 'finished', score: 5 };
    expect(nextHalvingStep(trials, settings, { canDraw: false })).toEqual({ kind: 'promote', bracket: 0, rung: 1, runIds: ['run-1'] });
  });

  it('resumes an interrupted trial to its rung before anything else', () => {
    const trials: HalvingTrial[] = [
      { runId: 'run-0', trial: 0, bracket: 0, rung: 1, status: 'interrupted', epochs: 2, score: null },
      { runId: 'run-1', trial: 1, bracket: 0, rung: 0, status: 'finished', epochs: 1, score: 1 },
    ];
    expect(nextHalvingStep(trials, { rungs: [1, 2], reduction: 2, bracketSize: 2 }, { canDraw: true })).toEqual({ kind: 'resume', runId: 'run-0', epochs: 2 });
  });
});
