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
    // Files run one after another in a shared vitest worker: the service's module graph is loaded once,
    // and the sync's worker thread (sharedThread, seconds to start through tsx) serves every file,
    // as they serve every runner of one service process. Loading again per file was a third of the
    // suite's time. So a test that changes process-wide state (TZ, env, globals, module mocks) puts it back.
    isolate: false,
  },
});
