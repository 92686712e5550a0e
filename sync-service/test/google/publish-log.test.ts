/**
 * Google mode's publisher is data, so the sync's thread writes the output spreadsheet itself; how
 * that went reaches the service's log on the main thread, and a Google failure does not fail the run.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { GoogleRegionalWriter } from '../../src/output/google-writer.js';
import { XlsxFolderSource } from '../../src/sources/xlsx-folder.js';
import { openSqliteStore, type SyncStore } from '../../src/store/index.js';
import { memoryLogger } from '../../src/sync/log.js';
import { attachProgressLog } from '../../src/sync/progress-log.js';
import { googlePublisher } from '../../src/sync/publish.js';
import { SyncRunner, type SyncEvent } from '../../src/sync/runner.js';
import { seededRegion, type RegionDir } from '../service-fixtures.js';
import { SA_EMAIL, startHarness, type Harness } from './harness.js';

const OUT_ID = '1RegionalSvodka_RMC_DIRO_abcdefghijklmnopqrstu';

let h: Harness;
let region: RegionDir;
let store: SyncStore;
beforeEach(async () => {
  h = await startHarness();
  region = await seededRegion({ applications: false });
  store = openSqliteStore(join(region.dir, 'store.sqlite'));
});
afterEach(async () => {
  await store.close();
  region.cleanup();
  await h.close();
});

async function syncOnce() {
  const outputPath = join(region.dir, 'regional.xlsx');
  const log = memoryLogger();
  // No injected clock or sleep: the writer's options cross to the sync's thread.
  const writer = new GoogleRegionalWriter({
    serviceAccountKeyFile: h.keyFile,
    spreadsheetId: OUT_ID,
    rootUrl: h.fake.url,
  });
  const publish = googlePublisher(outputPath, writer, log);
  expect(typeof publish).toBe('object');
  const runner = new SyncRunner({
    source: new XlsxFolderSource(region.sourcesDir, { exclude: [outputPath] }),
    store,
    publish,
    outputPath,
  });
  const events: SyncEvent[] = [];
  runner.on('progress', (e) => events.push(e));
  attachProgressLog(runner, log);
  await runner.init();
  const result = await runner.sync({ mmo: null, trigger: 'api' });
  return { result, log, events };
}

describe('Google mode publishing from the sync thread', () => {
  test('the output spreadsheet is written and the log says so', async () => {
    h.fake.addSpreadsheet({
      id: OUT_ID,
      title: 'Сводка РМЦ ДИРО',
      sharedWith: [SA_EMAIL],
      sheets: [{ title: 'Лист1' }],
    });
    const { result, log, events } = await syncOnce();
    expect(result.run.status).toBe('done');
    expect(events.some((e) => e.type === 'start' && e.notice)).toBe(false);
    expect(log.lines).toContain('  Сводка записана в Google Таблицу «Сводка РМЦ ДИРО»');
    expect(h.fake.sheetValues(OUT_ID, 'Сводный план')!.length).toBeGreaterThan(1);
  }, 60_000);

  test('a spreadsheet the service may not write: warned in the log, the run done and the .xlsx written', async () => {
    h.fake.addSpreadsheet({
      id: OUT_ID,
      title: 'Сводка РМЦ ДИРО',
      sharedWith: [],
      sheets: [{ title: 'Лист1' }],
    });
    const { result, log, events } = await syncOnce();
    expect(result.run.status).toBe('done');
    expect(events.some((e) => e.type === 'written')).toBe(true);
    expect(log.lines.some((l) => l.startsWith('Сводка в Google Таблицу не записана: '))).toBe(true);
  }, 60_000);
});
