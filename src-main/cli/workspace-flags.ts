// The flags every workspace command takes (--workspace, --fresh-database), --trainers of those
// that train, and the opening of the workspace they name, read-only beside a live owner when the
// command only reads.
import { statSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import { checkTrainerCount, DamagedDatabaseError, defaultTrainerCount } from '../core/workspace/vocabulary.ts';
import { openWorkspace, type Workspace } from '../core/workspace/workspace.ts';
import { resolveWorkspaceDir } from '../core/workspace/workspace-location.ts';
import { WorkspaceBusyError } from '../core/workspace/workspace-lock.ts';

export const WORKSPACE_FLAGS = {
  workspace: { type: 'string' },
  'fresh-database': { type: 'boolean' },
} as const;

export const WORKSPACE_USAGE = `  --workspace DIR     workspace folder (default: $SPIN_ECHO_WORKSPACE, else the per-user data folder)
  --fresh-database    start a fresh database where a damaged one was moved aside (the damaged file is kept)`;

/** The flag of the commands that train: how many runs train at once in this session. */
export const TRAINERS_FLAG = { trainers: { type: 'string' } } as const;

/** The usage lines of --trainers, its description from column `column` as in the command's other lines. */
export function trainersUsage(column = 22): string {
  const indent = ' '.repeat(column);
  return `${'  --trainers N'.padEnd(column)}runs that train at once, each in its own process (default: the workspace's\n${indent}setting, else the cores minus one: ${defaultTrainerCount()} here)`;
}

/** The flags and usage lines of a workspace command that trains. */
export const TRAINING_WORKSPACE_FLAGS = { ...WORKSPACE_FLAGS, ...TRAINERS_FLAG } as const;
export const trainingWorkspaceUsage = (): string => `${trainersUsage()}\n${WORKSPACE_USAGE}`;

export interface WorkspaceFlagValues {
  readonly workspace?: string;
  readonly 'fresh-database'?: boolean;
  readonly trainers?: string;
}

/** The count --trainers gives, checked: an integer from 1 to the contract's bound; undefined without the flag. */
export function parseTrainersFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return checkTrainerCount(/^\s*\d+\s*$/.test(value) ? Number(value) : value, '--trainers');
}

/** The folder --workspace names (or the default one); refuses an empty flag and a path that is a file. */
export function flaggedWorkspaceDir(flag: string | undefined): string {
  if (flag === '') throw new InputError('--workspace needs a folder');
  const dir = resolveWorkspaceDir(flag);
  const info = statSync(dir, { throwIfNoEntry: false });
  if (info && !info.isDirectory()) throw new InputError(`--workspace: ${dir} is not a folder`);
  return dir;
}

/**
 * Opens the workspace the flags name. A command that only reads opens it read-only when another
 * process (the app, a training CLI) owns it; one that writes reports the owner instead.
 */
export async function openFlaggedWorkspace(values: WorkspaceFlagValues, access: 'write' | 'read'): Promise<Workspace> {
  const dir = flaggedWorkspaceDir(values.workspace);
  const trainers = parseTrainersFlag(values.trainers);
  try {
    return await openWorkspace(dir, { recreateIfDamaged: values['fresh-database'] === true, trainers });
  } catch (error) {
    if (access === 'read' && error instanceof WorkspaceBusyError) return openWorkspace(dir, { readonly: true });
    if (error instanceof DamagedDatabaseError) error.message += ' (add --fresh-database to start one)';
    throw error;
  }
}
