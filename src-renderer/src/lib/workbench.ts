// The one api client of this page, shared by every view and store.
import { connectWorkbench } from './api.ts';

export const api = connectWorkbench();
