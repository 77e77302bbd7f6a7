// Remembers the main window's size, place and maximised state across starts, in a small JSON file;
// a saved place that no display shows any more is forgotten.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../core/files/atomic-write.ts';

const Bounds = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20000),
  height: z.number().int().min(300).max(20000),
});

const WindowStateFile = z.object({ bounds: Bounds, maximized: z.boolean() });
export type WindowState = z.output<typeof WindowStateFile>;

export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { bounds: { width: 1280, height: 820 }, maximized: false };

/** At least this much of the title bar must be on some display for a saved place to be kept. */
const VISIBLE_MARGIN = 64;

function isVisible(bounds: WindowState['bounds'], displays: readonly Rectangle[]): boolean {
  if (bounds.x === undefined || bounds.y === undefined) return true;
  const { x, y } = bounds;
  return displays.some(
    (display) =>
      x + VISIBLE_MARGIN <= display.x + display.width &&
      x + bounds.width - VISIBLE_MARGIN >= display.x &&
      y >= display.y &&
      y + VISIBLE_MARGIN <= display.y + display.height,
  );
}

/** The saved state, or the default when there is none, it is unreadable, or it is off every display. */
export function loadWindowState(path: string, displays: readonly Rectangle[]): WindowState {
  let saved: WindowState;
  try {
    saved = WindowStateFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
  if (isVisible(saved.bounds, displays)) return saved;
  return { bounds: { width: saved.bounds.width, height: saved.bounds.height }, maximized: saved.maximized };
}

export async function saveWindowState(path: string, state: WindowState): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(WindowStateFile.parse(state), null, 2) + '\n');
}

interface TrackedWindow {
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
}

/** Saves the window's state when it closes, and (debounced) after it moves or resizes. */
export function trackWindowState(window: TrackedWindow, path: string, debounceMs = 500): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    const { x, y, width, height } = window.getNormalBounds();
    const state = { bounds: { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) }, maximized: window.isMaximized() };
    saveWindowState(path, state).catch((error: unknown) => process.stderr.write(`spin-echo: window state not saved: ${String(error)}\n`));
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, debounceMs);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', save);
}
