import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GoogleRegionalWriter,
  writeRegionalToGoogle,
  type GoogleWriterOptions,
} from '../../src/output/google-writer.js';
import type { RegionalSheet } from '../../src/output/regional-sheets.js';
import { writeRegionalXlsx } from '../../src/output/xlsx-writer.js';
import { SA_EMAIL, startHarness, type Harness } from './harness.js';

const OUT_ID = '1RegionalSvodka_RMC_DIRO_abcdefghijklmnopqrstu';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function options(extra: Partial<GoogleWriterOptions> = {}): GoogleWriterOptions {
  return {
    serviceAccountKeyFile: h.keyFile,
    spreadsheetId: OUT_ID,
    rootUrl: h.fake.url,
    backoff: h.backoff,
    ...extra,
  };
}

function addOutput(sharedWith: string[] = [SA_EMAIL]): void {
  h.fake.addSpreadsheet({ id: OUT_ID, title: 'Сводка РМЦ ДИРО', sharedWith, sheets: [{ title: 'Лист1' }] });
}

const PLAN: RegionalSheet = {
  name: 'Сводный план',
  columns: [
    { header: 'ММО', width: 18 },
    { header: 'Мероприятие', width: 40 },
    { header: 'Дата', width: 12 },
    { header: 'Охват', width: 8 },
  ],
  rows: [
    ['№4. Горный', '=СУММ(A1)', new Date(2022, 11, 20), 25],
    ['№1. Андийский', '+7 928 000-00-00', null, 0.5],
    ['№2. Северный', '@школа', '-', true],
  ],
};
const APPLICATIONS: RegionalSheet = {
  name: 'Заявки',
  columns: [
    { header: 'ФИО', width: 30 },
    { header: 'Программа', width: 40 },
  ],
  rows: [['Иванова А. А.', 'Функциональная грамотность']],
};

describe('writeRegionalToGoogle', () => {
  it('writes every tab with one structural batchUpdate and one RAW values write', async () => {
    addOutput();
    const result = await writeRegionalToGoogle(options(), [PLAN, APPLICATIONS]);
    expect(result).toMatchObject({
      status: 'ok',
      title: 'Сводка РМЦ ДИРО',
      addedTabs: ['Сводный план', 'Заявки'],
      calls: { read: 1, write: 2 },
    });

    expect(h.fake.counts()).toEqual({
      token: 1,
      'sheets.get': 1,
      'sheets.batchUpdate': 1,
      'values.batchUpdate': 1,
    });
    const writes = h.fake.writeCalls(OUT_ID);
    expect(writes.map((c) => c.endpoint)).toEqual(['sheets.batchUpdate', 'values.batchUpdate']);
    expect((writes[1].body as { valueInputOption: string }).valueInputOption).toBe('RAW');

    // Text that looks like a formula, a phone or a bullet stays text; dates are dd.MM.yyyy text.
    expect(h.fake.sheetValues(OUT_ID, 'Сводный план')).toEqual([
      ['ММО', 'Мероприятие', 'Дата', 'Охват'],
      ['№4. Горный', '=СУММ(A1)', '20.12.2022', 25],
      ['№1. Андийский', '+7 928 000-00-00', null, 0.5],
      ['№2. Северный', '@школа', '-', true],
    ]);
    expect(h.fake.sheetValues(OUT_ID, 'Заявки')).toEqual([
      ['ФИО', 'Программа'],
      ['Иванова А. А.', 'Функциональная грамотность'],
    ]);

    const tab = h.fake.sheet(OUT_ID, 'Сводный план')!;
    expect(tab.frozenRowCount).toBe(1);
    expect(tab.bold.has('0:0') && tab.bold.has('0:3')).toBe(true);
    expect(tab.columnWidths[1]).toBeGreaterThan(tab.columnWidths[0]);
    // РМЦ's own tab is left alone.
    expect(h.fake.sheet(OUT_ID, 'Лист1')).toBeDefined();
    // The writer holds the read-write Sheets scope and nothing of Drive.
    expect(h.fake.tokensIssued[0].scopes).toEqual(['spreadsheets']);
  });

  it('on the next sync reuses the tabs and clears what the smaller output no longer covers', async () => {
    addOutput();
    const writer = new GoogleRegionalWriter(options());
    await writer.write([PLAN, APPLICATIONS]);
    h.fake.resetStats();

    const smaller: RegionalSheet = {
      ...PLAN,
      columns: PLAN.columns.slice(0, 2),
      rows: [['№5. Южный', 'Семинар']],
    };
    const result = await writer.write([smaller, APPLICATIONS]);
    expect(result).toMatchObject({ status: 'ok', addedTabs: [], calls: { read: 1, write: 2 } });
    expect(h.fake.counts()).toEqual({ 'sheets.get': 1, 'sheets.batchUpdate': 1, 'values.batchUpdate': 1 });
    const structural = h.fake.writeCalls()[0].body as { requests: Record<string, unknown>[] };
    expect(structural.requests.some((r) => 'addSheet' in r)).toBe(false);
    expect(h.fake.sheetValues(OUT_ID, 'Сводный план')).toEqual([
      ['ММО', 'Мероприятие'],
      ['№5. Южный', 'Семинар'],
    ]);
  });

  it('sends the values of the changed tab only; with nothing changed, no values write at all', async () => {
    addOutput();
    const writer = new GoogleRegionalWriter(options());
    await writer.write([PLAN, APPLICATIONS]);
    h.fake.resetStats();

    const more: RegionalSheet = {
      ...APPLICATIONS,
      rows: [...APPLICATIONS.rows, ['Петров Б. Б.', 'Наставничество']],
    };
    // New sheet objects with the same content: what the next sync builds.
    const result = await writer.write([{ ...PLAN, rows: PLAN.rows.map((r) => [...r]) }, more]);
    expect(result).toMatchObject({
      status: 'ok',
      writtenTabs: ['Заявки'],
      unchangedTabs: ['Сводный план'],
      calls: { read: 1, write: 2 },
    });
    const values = h.fake.writeCalls().filter((c) => c.endpoint === 'values.batchUpdate');
    expect(values).toHaveLength(1);
    const ranges = (values[0].body as { data: { range: string }[] }).data.map((d) => d.range);
    expect(ranges).toEqual(["'Заявки'!A1:B3"]);
    expect(h.fake.sheetValues(OUT_ID, 'Заявки')).toEqual([
      ['ФИО', 'Программа'],
      ['Иванова А. А.', 'Функциональная грамотность'],
      ['Петров Б. Б.', 'Наставничество'],
    ]);
    expect(h.fake.sheetValues(OUT_ID, 'Сводный план')).toHaveLength(4);

    h.fake.resetStats();
    const still = await writer.write([PLAN, more]);
    expect(still).toMatchObject({ status: 'ok', writtenTabs: [], calls: { read: 1, write: 1 } });
    expect(h.fake.count('values.batchUpdate')).toBe(0);

    // A restarted service (a new writer) vouches for nothing: every tab is written again.
    h.fake.resetStats();
    const fresh = new GoogleRegionalWriter(options());
    const again = await fresh.write([PLAN, more]);
    expect(again).toMatchObject({ status: 'ok', writtenTabs: ['Сводный план', 'Заявки'] });
  });

  it('grows a tab that is too small and splits a large output into several values writes', async () => {
    // A tab made by hand has Google's 1000 rows: the values write would run past the grid.
    h.fake.addSpreadsheet({
      id: OUT_ID,
      title: 'Сводка РМЦ ДИРО',
      sharedWith: [SA_EMAIL],
      sheets: [{ title: 'Заявки', values: [['старое']] }],
    });
    const rows = Array.from({ length: 1500 }, (_, i) => [`Участник ${i + 1}`, `Программа ${i % 7}`]);
    const big: RegionalSheet = { ...APPLICATIONS, rows };
    const result = await writeRegionalToGoogle(options({ maxPayloadBytes: 20_000 }), [big]);
    expect(result.status).toBe('ok');
    expect(h.fake.count('values.batchUpdate')).toBeGreaterThan(1);
    const stored = h.fake.sheetValues(OUT_ID, 'Заявки');
    expect(stored).toHaveLength(1501);
    expect(stored[0]).toEqual(['ФИО', 'Программа']);
    expect(stored[1500]).toEqual(['Участник 1500', 'Программа 1']);
    expect(h.fake.sheet(OUT_ID, 'Заявки')!.rowCount).toBeGreaterThanOrEqual(1501);
  });

  it('retries a 429 on the values write alone', async () => {
    addOutput();
    h.fake.failNext({ endpoint: 'values.batchUpdate' }, { status: 429, retryAfter: '2' });
    const result = await writeRegionalToGoogle(options(), [PLAN]);
    expect(result).toMatchObject({ status: 'ok', calls: { read: 1, write: 3 } });
    expect(h.sleeps).toEqual([2000]);
    expect(h.fake.count('sheets.batchUpdate')).toBe(1);
  });

  it('re-reads the tabs before repeating a structural write whose answer was lost', async () => {
    addOutput();
    // The batchUpdate is applied but its answer comes too late for the client.
    h.fake.failNext({ endpoint: 'sheets.batchUpdate' }, { answerDelayMs: 600 });
    const result = await writeRegionalToGoogle(options({ timeoutMs: 300 }), [PLAN]);
    expect(result).toMatchObject({ status: 'ok', calls: { read: 2, write: 3 } });
    expect(h.fake.sheetValues(OUT_ID, 'Сводный план')).toHaveLength(4);
  });

  it('asks to share the output for editing when the service account cannot open it', async () => {
    addOutput(['rmc@dagestan.example']);
    const result = await writeRegionalToGoogle(options(), [PLAN]);
    expect(result).toEqual({
      status: 'failed',
      spreadsheetId: OUT_ID,
      reason: `Итоговая таблица с ID ${OUT_ID} не открыта для сервисного аккаунта ${SA_EMAIL}: откройте к ней доступ на редактирование`,
    });
    expect(h.fake.writeCalls()).toHaveLength(0);
  });

  it('names two tabs whose names differ only in case as the .xlsx writer does, overwriting neither', async () => {
    addOutput();
    const sheets = [PLAN, { ...APPLICATIONS, name: 'сводный план' }];
    const result = await writeRegionalToGoogle(options(), sheets);
    expect(result).toMatchObject({ status: 'ok', writtenTabs: ['Сводный план', 'сводный план (2)'] });
    expect(h.fake.sheetValues(OUT_ID, 'Сводный план')?.[0]).toEqual(['ММО', 'Мероприятие', 'Дата', 'Охват']);
    expect(h.fake.sheetValues(OUT_ID, 'сводный план (2)')).toEqual([
      ['ФИО', 'Программа'],
      ['Иванова А. А.', 'Функциональная грамотность'],
    ]);

    const dir = await mkdtemp(join(tmpdir(), 'mmo-names-'));
    try {
      await writeRegionalXlsx(sheets, join(dir, 'out.xlsx'));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'out.xlsx'));
      expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Сводный план', 'сводный план (2)']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
