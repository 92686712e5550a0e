import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'sync-service', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
