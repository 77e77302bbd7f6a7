// Holds the app's quit until the workbench has closed: runs become 'interrupted' and the database
// is closed cleanly, instead of the process ending under them.
import type { App } from 'electron';

export function closeBeforeQuit(app: Pick<App, 'on' | 'quit'>, close: () => Promise<void>): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('will-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void close()
      .catch((error: unknown) => process.stderr.write(`spin-echo: closing the workspace failed: ${String(error)}\n`))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
}
