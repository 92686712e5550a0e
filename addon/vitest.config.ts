import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'addon',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Writing and reading every template is seconds of CPU; CI machines are shared, so the 5 s default
    // turns load into failures that say nothing about the code.
    testTimeout: 30_000,
    // Pure code and in-memory fakes (no servers, workers or processes; a test that sets TZ or installs
    // the fake Apps Script globals puts them back): the files share a worker and its loaded modules
    // instead of loading zod, exceljs and the registry again for each file, which was two thirds of the time.
    isolate: false,
  },
});
