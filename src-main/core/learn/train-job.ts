// Runs one training job from its description to its last event: loads the data set, resolves the
// hyperparameters, chooses a backend the model can train on, trains, and reports each step.
import { CancelledError, describeError, InputError } from '../errors.ts';
import { readAugmentation } from '../formats/augmentation-files.ts';
import { readDatasetArrays } from '../formats/dataset-files.ts';
import { selectBackend } from './backend.ts';
import { resolveHyperparameters } from './hyperparameters.ts';
import { TrainingSession } from './train.ts';
import type { TrainerEvent, TrainJob } from './trainer-protocol.ts';

type RunEvent = Exclude<TrainerEvent, { type: 'exited' }>;

/** Trains `job`, sending every event to `emit`; never throws: a failure becomes a 'failed' event. */
export async function runTrainJob(job: TrainJob, emit: (event: RunEvent) => void, signal?: AbortSignal): Promise<void> {
  const { runId } = job;
  let session: TrainingSession | null = null;
  try {
    const data = await readDatasetArrays(job.datasetDir);
    const hyperparameters = resolveHyperparameters(job.preset, job.hyperparameters, data.header.length);
    let augmentation = null;
    if (hyperparameters.augmentCurves > 0) {
      if (!job.augmentDir) throw new InputError(`the run asks for ${hyperparameters.augmentCurves} augmentation curves and the job names no cache of them`);
      augmentation = await readAugmentation(job.augmentDir, hyperparameters.augmentCurves);
    }
    session = await TrainingSession.open({ hyperparameters, data, checkpointDir: job.checkpointDir, resume: job.resume, augmentation });
    const opened = session;
    const backend = await selectBackend(job.backend, () => opened.probe());
    emit({
      type: 'started',
      runId,
      backend: backend.name,
      notes: backend.notes,
      startEpoch: session.startEpoch,
      totalEpochs: session.totalEpochs,
      hyperparameters: { ...hyperparameters },
      parameterCount: session.network.parameterCount,
      trainCount: session.trainCount,
      validationCount: session.validationCount,
    });
    const result = await session.run(
      backend,
      {
        onEpoch: (epoch, metrics) => emit({ type: 'epoch', runId, epoch, metrics }),
        onCheckpoint: (epoch, best) => emit({ type: 'checkpoint', runId, epoch, best }),
      },
      signal,
    );
    emit({ type: 'finished', runId, result });
  } catch (error) {
    if (error instanceof CancelledError) emit({ type: 'cancelled', runId, epoch: session?.completedEpochs ?? 0 });
    else emit({ type: 'failed', runId, message: describeError(error) });
  }
}
