// Ctrl-C (SIGINT) and SIGTERM as an AbortSignal for a command's long work, which then stops
// cleanly (leaving no half-written file) and exits 130; a second signal ends the process at once.
export async function withStopSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
