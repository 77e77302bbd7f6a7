import { defineConfig } from 'vitest/config';

// Unit and integration tests run the core in forked processes: better-sqlite3 and
// TensorFlow.js hold native or global state that is not safe to share between threads.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
