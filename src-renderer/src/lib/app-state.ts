// The readiness marker on <body> that tests and tools wait for: loading, loaded or failed.

export function markAppState(state: 'loading' | 'loaded' | 'failed'): void {
  document.body.dataset.appState = state;
}
