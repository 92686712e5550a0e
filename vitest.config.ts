import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['shared', 'templates', 'addon', 'sync-service'],
  },
});
