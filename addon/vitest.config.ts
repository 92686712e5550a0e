import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'addon', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
