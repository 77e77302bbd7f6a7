// Carries out the Electron menu's commands in the page: each opens the view whose own controls do the job.
import type { EventPayload } from '../../../src-main/core/api/contract.ts';
import { router } from './router.svelte.ts';
import { api } from './workbench.ts';

const VIEW_OF_COMMAND: Record<EventPayload<'menuCommand'>['command'], string> = {
  'open-data-folder': 'data',
  'new-simulated-dataset': 'data',
  'export-submission': 'export',
};

/** Starts following menu commands; returns the function that stops it. */
export function followMenuCommands(): () => void {
  return api.on('menuCommand', ({ command }) => router.go(VIEW_OF_COMMAND[command]));
}
