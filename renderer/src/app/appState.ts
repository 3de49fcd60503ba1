/** The app-level readiness signal e2e tests and benchmarks wait on (never sleeps). */
export type AppState = 'loading' | 'setup' | 'failed' | 'ready';

export function setAppState(state: AppState): void {
  document.documentElement.dataset.appState = state;
}
