/**
 * Mixed sources in one service: ММО №1 from its Google spreadsheet (the fake Sheets and Drive
 * APIs, real googleapis clients), ММО №2 from a file it uploaded, the rest from the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWorkbookGrids } from '@mmo/templates/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { TokenRegistry } from '../../src/middleware/auth/index.js';
import { seedRegion } from '../../src/seed/seed-region.js';
import { GoogleSheetsSource } from '../../src/sources/google-source.js';
import { MixedSource } from '../../src/sources/mixed-source.js';
import { XlsxFolderSource } from '../../src/sources/xlsx-folder.js';
import { openSqliteStore, type SyncStore } from '../../src/store/index.js';
import { memoryLogger } from '../../src/sync/log.js';
import { regionalXlsxPublisher } from '../../src/sync/publish.js';
import { SyncRunner } from '../../src/sync/runner.js';
import { UploadReceiver, type SourceKind } from '../../src/uploads/receive-upload.js';
import { UploadStore, uploadSourceId } from '../../src/uploads/upload-store.js';
import { startHarness, SA_EMAIL, type Harness } from '../google/harness.js';
import { applicationXlsx, uploadForm } from './upload-fixtures.js';

const SHEET_ID = 'MmoOneSpreadsheet01';
const RMC = 'rmc-mixed-token-0123456789abcdef';
const MMO1 = 'mmo1-mixed-token-0123456789abcdef';
const MMO2 = 'mmo2-mixed-token-0123456789abcdef';

describe('mixed sources: Google for ММО №1, an upload for ММО №2, the folder for the rest', () => {
  let h: Harness;
  let dir: string;
  let store: SyncStore;
  let runner: SyncRunner;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'mmo-mixed-'));
    const sourcesDir = join(dir, 'sources');
    await seedRegion(sourcesDir);
    // ММО №1's spreadsheet holds its plan with one event renamed, so its origin can be told apart.
    const file = (await readdir(sourcesDir)).find((n) => n.startsWith('ММО-1 '))!;
    const plan = (await readWorkbookGrids(await readFile(join(sourcesDir, file)))).find(
      (g) => g.name === 'План ММО',
    )!;
    const values = plan.grid.map((row) => [...row]);
    const firstEvent = values.findIndex((row) => row[0] === 1);
    values[firstEvent] = values[firstEvent].map((v, i) => (i === 1 ? 'Семинар из Google Таблицы ММО №1' : v));
    h.fake.addSpreadsheet({
      id: SHEET_ID,
      title: 'План ММО №1 (Google)',
      sharedWith: [SA_EMAIL],
      sheets: [{ title: 'План ММО', values }],
    });

    const kinds: Record<number, SourceKind> = { 1: 'google' };
    const kindOf = (mmo: number): SourceKind => kinds[mmo] ?? 'upload';
    const source = new MixedSource({
      folder: new XlsxFolderSource(sourcesDir),
      google: new GoogleSheetsSource({
        serviceAccountKeyFile: h.keyFile,
        sources: [{ mmo: 1, spreadsheetId: SHEET_ID }],
        rootUrl: h.fake.url,
        backoff: h.backoff,
      }),
      kindOf,
    });
    store = openSqliteStore(join(dir, 'store.sqlite'));
    const outputPath = join(dir, 'output', 'regional.xlsx');
    runner = new SyncRunner({ source, store, publish: regionalXlsxPublisher(outputPath), outputPath });
    await runner.init();
    const uploads = new UploadStore(sourcesDir, join(dir, 'uploads'));
    const maxUploadBytes = 1024 * 1024;
    const receiver = new UploadReceiver({ runner, store: uploads, maxUploadBytes, sourceKind: kindOf });
    const tokens = TokenRegistry.parse({
      tokens: [
        { token: RMC, role: 'rmc', name: 'РМЦ' },
        { token: MMO1, role: 'mmo:1', name: 'ММО №1' },
        { token: MMO2, role: 'mmo:2', name: 'ММО №2' },
      ],
    });
    app = createApp({
      runner,
      tokens,
      logger: memoryLogger(),
      outputPath,
      maxBodyBytes: 64 * 1024,
      timeZone: 'Europe/Moscow',
      uploads: { receiver, store: uploads, maxUploadBytes },
      sourceKind: kindOf,
      originOf: (id) => source.originOf(id),
    });
  }, 60_000);

  afterAll(async () => {
    await runner?.idle();
    await store?.close();
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('one sync reads ММО №1 from the Sheets API and ММО №2 from its upload; /api/status says which is which', async () => {
    const upload = await app.request('/api/sources/2', {
      method: 'POST',
      headers: { Authorization: `Bearer ${MMO2}` },
      body: uploadForm(
        await applicationXlsx(2, [
          { name: 'Смешанная Проба Тестовна', programme: 'Школа современного учителя' },
        ]),
      ),
    });
    expect(upload.status).toBe(200);

    const callsBefore = h.fake.calls.length;
    const result = await runner.sync({ mmo: null, trigger: 'api' });
    expect(result.run.status).toBe('done');
    const sheetsOf = (mmo: number) =>
      result.consolidation!.sheets.filter((s) => s.mmo === mmo).map((s) => s.sourceId);
    // ММО №1: only the spreadsheet, its file in the folder is not read.
    expect(sheetsOf(1)).toEqual([SHEET_ID]);
    expect(h.fake.calls.length).toBeGreaterThan(callsBefore);
    const events = result
      .consolidation!.sheets.find((s) => s.sourceId === SHEET_ID)!
      .records.map((r) => r.values.title);
    expect(events).toContain('Семинар из Google Таблицы ММО №1');
    // ММО №2: its upload (the заявка) beside its plan in the folder.
    expect(sheetsOf(2)).toContain(uploadSourceId(2, ['Заявка']));

    const status = (await (
      await app.request('/api/status', { headers: { Authorization: `Bearer ${RMC}` } })
    ).json()) as any;
    const origin = (id: string) => status.lastSync.sources.find((s: any) => s.id === id)?.origin;
    expect(origin(SHEET_ID)).toBe('google');
    expect(origin(uploadSourceId(2, ['Заявка']))).toBe('upload');
    const folderFile = status.lastSync.sources.find((s: any) => s.mmo === 3);
    expect(folderFile.origin).toBe('folder');
    expect(status.lastSync.sources.some((s: any) => s.mmo === 1 && s.origin === 'folder')).toBe(false);
    expect(status.mmoSources.find((m: any) => m.mmo === 1)).toEqual({ mmo: 1, source: 'google' });
    expect(status.mmoSources.find((m: any) => m.mmo === 2)).toEqual({ mmo: 2, source: 'upload' });
  });

  it('an upload for an ММО that sends through Google is refused: it would not be counted', async () => {
    const res = await app.request('/api/sources/1', {
      method: 'POST',
      headers: { Authorization: `Bearer ${MMO1}` },
      body: uploadForm(
        await applicationXlsx(1, [{ name: 'Лишний Файл Тестович', programme: 'Школа современного учителя' }]),
      ),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as any).error).toMatch(/^ММО №1 сдаёт данные через Google Таблицу/);
  });
});
