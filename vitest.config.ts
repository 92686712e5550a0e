import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'shared',
      'templates',
      'addon',
      'sync-service',
      // Checks of the repository as a whole (test/ at the root). The first lint loads the TypeScript
      // parser and resolver: seconds on a busy two-core machine, beyond vitest's 5 s default.
      // Reads files and lints in process: the two files may share a worker.
      { test: { name: 'repo', include: ['test/**/*.test.ts'], testTimeout: 30_000, isolate: false } },
    ],
  },
});
