import { defineProject } from 'vitest/config';

export default defineProject({
  // Writing and reading every template is seconds of CPU; CI machines are shared, so the 5 s default
  // turns load into failures that say nothing about the code.
  test: { name: 'addon', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 },
});
