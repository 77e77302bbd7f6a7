import { defineConfig } from 'vitest/config';

// Unit and integration tests run the core in forked processes: better-sqlite3 and
// TensorFlow.js hold native or global state that is not safe to share between threads.
// The e2e project builds the UI first (only when it is stale, and only when e2e tests run)
// and runs its files one at a time: each drives a whole browser.
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'core', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/e2e/global-setup.ts'], fileParallelism: false },
      },
    ],
  },
});
