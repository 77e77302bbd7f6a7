import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit and integration tests run the core in forked processes: better-sqlite3 and
// TensorFlow.js hold native or global state that is not safe to share between threads.
// The e2e project builds the UI first (only when it is stale, and only when e2e tests run)
// and runs its files one at a time: each drives a whole browser. Component tests mount the UI's
// Svelte components in happy-dom, compiled with the renderer's own Svelte options.
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
        plugins: [svelte({ configFile: fileURLToPath(new URL('./src-renderer/svelte.config.js', import.meta.url)) })],
        resolve: { conditions: ['browser'] },
        test: { name: 'component', include: ['test/component/**/*.test.ts'], environment: 'happy-dom' },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/e2e/global-setup.ts'], fileParallelism: false },
      },
    ],
  },
});
