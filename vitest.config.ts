import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'shared',
      'templates',
      'addon',
      'sync-service',
      // Checks of the repository as a whole (test/ at the root).
      { test: { name: 'repo', include: ['test/**/*.test.ts'] } },
    ],
  },
});
