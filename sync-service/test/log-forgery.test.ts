/* eslint-disable no-control-regex -- these tests look for control characters in log lines */
/**
 * A log line cannot be forged: a request path or a file name carrying a newline, a carriage
 * return or an ANSI escape arrives in the log as one line, with those characters written out.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bearer, testService, TOKENS, type TestService } from './service-fixtures.js';

const FORGED = 'Синхронизация №999 завершена за 0 с: 0 источников';

describe('log lines from hostile paths and file names', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await testService({ firstSync: false });
  }, 60_000);
  afterAll(async () => {
    await s.close();
  });

  test('a newline in a request path is escaped in the request log', async () => {
    const FORGED = 'GET /api/status → 200 (rmc, 1 мс)';
    const path = `/api/status%0A${encodeURI(FORGED)}%0D%1B[31m`;
    const res = await s.app.request(path, { headers: bearer(TOKENS.rmc) });
    expect(res.status).toBe(404);
    const line = s.logger.lines.find((l) => l.includes(FORGED))!;
    expect(line).toMatch(/^GET \/api\/status\\n/);
    expect(line.startsWith(`GET /api/status\\n${FORGED}\\r\\e[31m → 404 (rmc, `)).toBe(true);
    expect(line).not.toMatch(/[\n\r\u001b]/);
    expect(s.logger.lines.some((l) => l.startsWith(FORGED))).toBe(false);
  });

  test('a file name with a newline and an ANSI escape is escaped in the progress log', async () => {
    const name = `ММО-7 \n${FORGED}\u001b[2J\u202e.xlsx`;
    await writeFile(join(s.region.sourcesDir, name), 'не книга Excel');
    await s.runner.sync({ mmo: null, trigger: 'start' });
    const lines = s.logger.lines.filter((l) => l.includes(FORGED));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l).not.toMatch(/[\n\r\u001b\u202e]/);
      expect(l).toContain(`ММО-7 \\n${FORGED}\\e[2J\\u202e.xlsx`);
    }
    expect(lines.some((l) => /НЕ ПРОЧИТАН/.test(l))).toBe(true);
  });
});
