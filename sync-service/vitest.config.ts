import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'sync-service',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One throwaway PostgreSQL cluster for the run; the store's tests run on it and on SQLite.
    globalSetup: ['test/pg/global-setup.ts'],
    // The first sync of a test file starts the sync's worker thread, which loads the engine through
    // tsx: seconds on a busy two-core machine, beyond vitest's 5 s default.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
