/**
 * The bench at a few hundred rows, so `npm test` notices when a change breaks it. Nothing here
 * compares timings or PASS/MISS: the machine is shared and noisy, and the tiny region says nothing
 * about the real targets. What must hold: every row is there with a number, and the consolidation
 * finds exactly what the generator wrote.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROW_IDS, runBench, type BenchResult } from '../../bench/bench.js';
import { REGION_SPECS } from '../../bench/generate.js';
import { markdownReport } from '../../bench/table.js';

let dir: string;
let result: BenchResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmo-bench-test-'));
  result = await runBench({ scale: 'tiny', dataDir: dir });
  // Child processes load the module graph through tsx; a busy machine makes that slow.
}, 240_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('runBench({ scale: "tiny" })', () => {
  it('has every target row, each with a numeric measured value', () => {
    expect(result.rows.map((r) => r.id)).toEqual([...ROW_IDS]);
    for (const row of result.rows) {
      expect(row.status, `${row.id}: ${row.measured}`).not.toBe('NOT_MEASURED');
      expect(typeof row.value, `${row.id}: ${row.measured}`).toBe('number');
      expect(Number.isFinite(row.value), row.id).toBe(true);
    }
  });

  it('generates the requested counts, and the consolidation finds exactly them', () => {
    const spec = REGION_SPECS.tiny;
    expect(result.generated).toMatchObject(spec);
    expect(result.consolidated).toMatchObject({
      planEvents: spec.planEvents,
      applications: spec.applications,
      questionnaires: spec.questionnaires,
      indicatorSheets: spec.indicatorSheets,
      rejectedRows: 0,
      errors: 0,
    });
  });

  it('prints a table with a row per measurement and the machine it ran on', () => {
    const text = markdownReport(result);
    expect(text.split('\n').filter((l) => /^\| \d /.test(l))).toHaveLength(ROW_IDS.length);
    expect(text).toContain(`Node ${process.version}`);
  });
});
