// Quitting waits for the workbench to close, once, and then goes ahead even if closing failed.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { closeBeforeQuit } from '../../../src-main/electron/graceful-quit.ts';
import { emitCancellable } from './electron-mock.ts';

function setUp(close: () => Promise<void>) {
  const app = Object.assign(new EventEmitter(), { quit: vi.fn() });
  closeBeforeQuit(app as never, close);
  return app;
}

describe('closeBeforeQuit', () => {
  it('holds the quit until the close has finished, then quits for good', async () => {
    let finish = () => {};
    const close = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const app = setUp(close);
    expect(emitCancellable(app, 'will-quit')).toBe(true);
    expect(emitCancellable(app, 'will-quit')).toBe(true);
    expect(close).toHaveBeenCalledOnce();
    expect(app.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce());
    expect(emitCancellable(app, 'will-quit')).toBe(false);
  });

  it('quits even when closing fails', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const app = setUp(() => Promise.reject(new Error('disk gone')));
    emitCancellable(app, 'will-quit');
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce());
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('disk gone'));
    stderr.mockRestore();
  });
});
