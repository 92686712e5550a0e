/** The reading limits are settings: config.json changes them, a typo is refused, the service's reads obey them. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startService } from '../src/app.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { DEFAULT_XLSX_LIMITS } from '../src/sources/xlsx-bounds.js';
import { memoryLogger } from '../src/sync/log.js';

function configFile(json: unknown): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mmo-limits-'));
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify(json));
  return { path, dir };
}

describe('xlsx reading limits in config.json', () => {
  test('defaults, overridden one by one; a misspelt limit is refused in Russian', () => {
    const plain = configFile({});
    expect(loadConfig({ CONFIG: plain.path }).xlsxLimits).toEqual(DEFAULT_XLSX_LIMITS);
    const some = configFile({ xlsxLimits: { maxPartMb: 20, maxCellsPerSheet: 50_000 }, workerHeapMb: 1024 });
    const config = loadConfig({ CONFIG: some.path });
    expect(config.xlsxLimits).toEqual({ ...DEFAULT_XLSX_LIMITS, maxPartMb: 20, maxCellsPerSheet: 50_000 });
    expect(config.workerHeapMb).toBe(1024);
    const typo = configFile({ xlsxLimits: { maxCells: 10 } });
    expect(() => loadConfig({ CONFIG: typo.path })).toThrow(ConfigError);
    expect(() => loadConfig({ CONFIG: typo.path })).toThrow(/«maxCells»/);
    for (const d of [plain.dir, some.dir, typo.dir]) rmSync(d, { recursive: true, force: true });
  });

  test('the service reads its sources with the configured limits', async () => {
    const { path, dir } = configFile({
      dataDir: 'data',
      port: 0,
      host: '127.0.0.1',
      syncIntervalMin: 0,
      xlsxLimits: { maxCellsPerSheet: 10 },
    });
    const service = await startService(
      { ...loadConfig({ CONFIG: path }), googleConfigPath: undefined },
      // The seeded plans are sources enough to see the limit applied; the fictional demo adds seconds, not a case.
      { logger: memoryLogger(), demo: false },
    );
    try {
      const result = await service.startupSync();
      const failed = result.run.sources.filter((s) => s.status === 'failed');
      expect(failed.length).toBe(result.run.sources.length);
      expect(failed[0]!.reason).toMatch(/ячеек — больше допустимых 10:/);
    } finally {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
