import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { GoogleSheetsSource, METADATA_FIELDS } from '../../src/sources/google-source.js';
import type { SourceReadResult, SourceRef } from '../../src/model.js';
import { SA_EMAIL, startHarness, type Harness } from './harness.js';

const PLAN_ID = '1PlanMmo4_abcdefghijklmnopqrstuvwxyz012345';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function source(
  extra: Partial<ConstructorParameters<typeof GoogleSheetsSource>[0]> = {},
): GoogleSheetsSource {
  return new GoogleSheetsSource({
    serviceAccountKeyFile: h.keyFile,
    sources: [{ mmo: 4, spreadsheetId: PLAN_ID, name: 'План ММО №4 «Горный»' }],
    rootUrl: h.fake.url,
    backoff: h.backoff,
    ...extra,
  });
}

function addPlan(sharedWith: string[] = [SA_EMAIL]): void {
  h.fake.addSpreadsheet({
    id: PLAN_ID,
    title: 'План ММО 4 на 2024-2025',
    sharedWith,
    sheets: [
      {
        title: 'План ММО',
        values: [
          ['ПЛАН работы ММО'],
          [],
          ['№', 'Мероприятие', 'Сроки', 'Охват'],
          [1, 'Семинар', new Date(2024, 11, 20), 25],
          [2, 'Вебинар', null, 40, 'примечание'],
          [3, 'Конференция', 'март', true],
        ],
        // Title across A1:D1; «Сроки» merged over events 1 and 2 (C4:C5).
        merges: [
          { startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 4 },
          { startRowIndex: 3, endRowIndex: 5, startColumnIndex: 2, endColumnIndex: 3 },
        ],
      },
      { title: "Заявки ММО'4", values: [['ФИО', 'Программа'], ['Иванова А. А.', '=СУММ(A1)'], ['  ']] },
      { title: 'Списки', values: [['скрытый']], hidden: true },
    ],
  });
}

async function readOne(src: GoogleSheetsSource, known: string | null = null): Promise<SourceReadResult> {
  const [ref] = await src.list();
  return src.read(ref, known);
}

function failedReason(r: SourceReadResult): string {
  expect(r.status).toBe('failed');
  return r.status === 'failed' ? r.reason : '';
}

describe('GoogleSheetsSource: reading', () => {
  it('reads every visible tab with one masked metadata GET and one batchGet, merges filled, rows padded', async () => {
    addPlan();
    const r = await readOne(source());
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.workbook).toMatchObject({ id: PLAN_ID, name: 'План ММО 4 на 2024-2025', districtHint: 4 });
    expect(r.workbook.sheets.map((s) => s.name)).toEqual(['План ММО', "Заявки ММО'4"]);
    expect(r.workbook.sheets[0].grid).toEqual([
      ['ПЛАН работы ММО', 'ПЛАН работы ММО', 'ПЛАН работы ММО', 'ПЛАН работы ММО', null],
      [null, null, null, null, null],
      ['№', 'Мероприятие', 'Сроки', 'Охват', null],
      [1, 'Семинар', '20.12.2024', 25, null],
      [2, 'Вебинар', '20.12.2024', 40, 'примечание'],
      [3, 'Конференция', 'март', true, null],
    ]);
    // Whitespace-only cells are empty, trailing empty rows are not kept by Sheets.
    expect(r.workbook.sheets[1].grid).toEqual([
      ['ФИО', 'Программа'],
      ['Иванова А. А.', '=СУММ(A1)'],
    ]);

    expect(h.fake.counts()).toEqual({
      token: 1,
      'drive.files.get': 1,
      'sheets.get': 1,
      'values.batchGet': 1,
    });
    const meta = h.fake.calls.find((c) => c.endpoint === 'sheets.get')!;
    expect(meta.query.get('fields')).toBe(METADATA_FIELDS);
    expect(meta.query.get('includeGridData')).toBeNull();
    const batch = h.fake.calls.find((c) => c.endpoint === 'values.batchGet')!;
    expect(batch.query.getAll('ranges')).toEqual(["'План ММО'", "'Заявки ММО''4'"]);
    expect(batch.query.get('valueRenderOption')).toBe('UNFORMATTED_VALUE');
    expect(batch.query.get('dateTimeRenderOption')).toBe('FORMATTED_STRING');
    expect(h.fake.calls.find((c) => c.endpoint === 'drive.files.get')!.query.get('fields')).toBe(
      'name,mimeType,modifiedTime,version',
    );
  });

  it('asks Drive only, and answers unchanged, when the revision is the one of the last good sync', async () => {
    addPlan();
    const src = source();
    const first = await readOne(src);
    if (first.status !== 'ok') throw new Error(first.status);
    h.fake.resetStats();

    const second = await readOne(src, first.workbook.revision);
    expect(second).toEqual({
      status: 'unchanged',
      ref: (await src.list())[0],
      revision: first.workbook.revision,
    });
    // The token is cached: one Drive call and nothing else.
    expect(h.fake.counts()).toEqual({ 'drive.files.get': 1 });

    h.fake.edit(PLAN_ID, 'План ММО', [['новое']]);
    h.fake.resetStats();
    const third = await readOne(src, first.workbook.revision);
    expect(third.status).toBe('ok');
    if (third.status === 'ok') {
      expect(third.workbook.revision).not.toBe(first.workbook.revision);
      expect(third.workbook.sheets[0].grid[0][0]).toBe('новое');
    }
    expect(h.fake.counts()).toEqual({ 'drive.files.get': 1, 'sheets.get': 1, 'values.batchGet': 1 });
  });

  it('asks for read-only scopes only: the source can never change an ММО spreadsheet', async () => {
    addPlan();
    await readOne(source());
    expect(h.fake.tokensIssued).toEqual([
      { email: SA_EMAIL, scopes: ['spreadsheets.readonly', 'drive.metadata.readonly'] },
    ]);
  });

  it('still reads, with a content digest as revision, when Drive refuses metadata', async () => {
    addPlan();
    h.fake.failAlways({ endpoint: 'drive.files.get' }, { status: 403 });
    const src = source();
    const first = await readOne(src);
    expect(first.status).toBe('ok');
    if (first.status !== 'ok') return;
    expect(first.workbook.revision).toMatch(/^content:/);
    const again = await readOne(src, first.workbook.revision);
    expect(again.status).toBe('unchanged');
  });
});

describe('GoogleSheetsSource: retries', () => {
  it('waits as long as Retry-After says after a 429, then reads', async () => {
    addPlan();
    h.fake.failNext({ endpoint: 'values.batchGet' }, { status: 429, retryAfter: '1' });
    const r = await readOne(source());
    expect(r.status).toBe('ok');
    expect(h.sleeps).toEqual([1000]);
    expect(h.fake.count('values.batchGet')).toBe(2);
    // Only the refused call is repeated.
    expect(h.fake.count('sheets.get')).toBe(1);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    addPlan();
    h.fake.failNext(
      { endpoint: 'drive.files.get' },
      { status: 503, retryAfter: 'Mon, 02 Sep 2024 10:00:03 GMT' },
    );
    expect((await readOne(source())).status).toBe('ok');
    expect(h.sleeps).toEqual([3000]);
  });

  it('gives up after 5 attempts of a persistent 500 with full-jitter exponential waits', async () => {
    addPlan();
    h.fake.failAlways({ endpoint: 'sheets.get', spreadsheetId: PLAN_ID }, { status: 500 });
    const reason = failedReason(await readOne(source()));
    expect(reason).toBe(
      'Сервер Google отвечает ошибкой 500: таблица «План ММО №4 «Горный»» (ID ' +
        PLAN_ID +
        ') не прочитана после 5 попыток; она будет прочитана при следующей синхронизации',
    );
    expect(h.fake.count('sheets.get')).toBe(5);
    expect(h.fake.count('values.batchGet')).toBe(0);
    // random() = 0.5 of ceilings 500, 1000, 2000, 4000 ms.
    expect(h.sleeps).toEqual([250, 500, 1000, 2000]);
  });

  it('stops early when Google asks to wait beyond the wait budget', async () => {
    addPlan();
    h.fake.failAlways({ endpoint: 'values.batchGet' }, { status: 429, retryAfter: '120' });
    const reason = failedReason(await readOne(source()));
    expect(reason).toContain('Google ограничил частоту запросов (429)');
    expect(reason).toContain('после 1 попытки');
    expect(h.sleeps).toEqual([]);
  });

  it('retries a timeout like a 5xx, then reports it', async () => {
    addPlan();
    h.fake.failAlways({ endpoint: 'values.batchGet' }, { delayMs: 1000 });
    const reason = failedReason(await readOne(source({ timeoutMs: 100 })));
    expect(reason).toMatch(
      /^Google не ответил за 0,1 с: таблица «План ММО №4 «Горный»» \(ID .+\) не прочитана после 5 попыток/,
    );
    expect(h.fake.count('values.batchGet')).toBe(5);
    expect(h.sleeps).toHaveLength(4);
  });

  it('recovers when only the first attempt times out', async () => {
    addPlan();
    h.fake.failNext({ endpoint: 'drive.files.get' }, { delayMs: 1000 });
    const r = await readOne(source({ timeoutMs: 150 }));
    expect(r.status).toBe('ok');
    expect(h.fake.count('drive.files.get')).toBe(2);
  });
});

describe('GoogleSheetsSource: failures people can fix', () => {
  it('reports malformed JSON without retrying', async () => {
    addPlan();
    h.fake.failNext({ endpoint: 'values.batchGet' }, { malformed: true });
    const reason = failedReason(await readOne(source()));
    expect(reason).toBe(
      `Google прислал повреждённый ответ (не JSON): таблица «План ММО №4 «Горный»» (ID ${PLAN_ID}) не прочитана; она будет прочитана при следующей синхронизации`,
    );
    expect(h.fake.count('values.batchGet')).toBe(1);
  });

  it('names the spreadsheet and the service account to share it with when it is not shared', async () => {
    addPlan(['someone-else@example.com']);
    const reason = failedReason(await readOne(source()));
    expect(reason).toBe(
      `Таблица «План ММО №4 «Горный»» (ID ${PLAN_ID}) не открыта для сервисного аккаунта ${SA_EMAIL}: откройте к ней доступ на чтение`,
    );
    // Drive hides the file (404); Sheets tells «not shared» from «no such ID». Neither is retried.
    expect(h.fake.counts()).toMatchObject({ 'drive.files.get': 1, 'sheets.get': 1 });
    expect(h.sleeps).toEqual([]);
  });

  it('says the ID is not found, without a configured name too', async () => {
    const src = source({ sources: [{ mmo: 2, spreadsheetId: 'NoSuchSpreadsheet123' }] });
    const reason = failedReason(await readOne(src));
    expect(reason).toBe(
      `Таблица с ID NoSuchSpreadsheet123 не найдена: проверьте ID в файле настроек и что таблица открыта для ${SA_EMAIL} на чтение`,
    );
  });

  it('tells an uploaded .xlsx from a Google spreadsheet before touching Sheets', async () => {
    h.fake.addSpreadsheet({
      id: 'XlsxOnDrive1',
      title: 'план.xlsx',
      sharedWith: [SA_EMAIL],
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const reason = failedReason(
      await readOne(source({ sources: [{ mmo: 1, spreadsheetId: 'XlsxOnDrive1' }] })),
    );
    expect(reason).toContain(
      'Файл «план.xlsx» (ID XlsxOnDrive1) — не Google Таблица, а загруженный файл Excel',
    );
    expect(h.fake.count('sheets.get')).toBe(0);
  });

  it('fails every source with the key file problem, and picks up a fixed key on the next sync', async () => {
    addPlan();
    const broken = `${h.keyFile}.broken.json`;
    await writeFile(broken, '{"type": "authorized_user"}');
    const src = source({ serviceAccountKeyFile: broken });
    const reason = failedReason(await readOne(src));
    expect(reason).toContain('не похож на ключ сервисного аккаунта');
    expect(h.fake.calls).toHaveLength(0);

    const { readFile } = await import('node:fs/promises');
    await writeFile(broken, await readFile(h.keyFile, 'utf8'));
    expect((await readOne(src)).status).toBe('ok');
  });

  it('reports a missing key file in Russian', async () => {
    const reason = failedReason(await readOne(source({ serviceAccountKeyFile: '/nonexistent/key.json' })));
    expect(reason).toBe('Файл ключа сервисного аккаунта не найден: /nonexistent/key.json');
  });

  it('reports a revoked key', async () => {
    addPlan();
    const { readFile } = await import('node:fs/promises');
    const key = JSON.parse(await readFile(h.keyFile, 'utf8'));
    // Same e-mail, a key the fake never issued: the grant is refused.
    const other = h.fake.createServiceAccount('other@x.iam.gserviceaccount.com');
    await writeFile(h.keyFile, JSON.stringify({ ...key, private_key: other.private_key }));
    const reason = failedReason(await readOne(source()));
    expect(reason).toMatch(
      new RegExp(`^Google не принял ключ сервисного аккаунта ${SA_EMAIL.replace(/\./g, '\\.')}`),
    );
    expect(h.fake.count('token')).toBe(1);
  });
});

describe('GoogleSheetsSource: concurrency', () => {
  it('reads eight ММО concurrently over one cached token, calls overlapping', async () => {
    await h.close();
    h = await startHarness({ latencyMs: 100 });
    const sources = Array.from({ length: 8 }, (_, i) => ({
      mmo: i + 1,
      spreadsheetId: `Mmo${i + 1}Spreadsheet_0123456789`,
    }));
    for (const s of sources) {
      h.fake.addSpreadsheet({
        id: s.spreadsheetId,
        title: `ММО №${s.mmo}`,
        sharedWith: [SA_EMAIL],
        sheets: [
          {
            title: 'План ММО',
            values: [
              ['№', 'Мероприятие'],
              [1, `Семинар ММО ${s.mmo}`],
            ],
          },
        ],
      });
    }
    const src = source({ sources });
    const refs: SourceRef[] = await src.list();
    const results = await Promise.all(refs.map((ref) => src.read(ref, null)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill('ok'));
    expect(results.map((r) => (r.status === 'ok' ? r.workbook.sheets[0].grid[1][1] : null))).toEqual(
      sources.map((s) => `Семинар ММО ${s.mmo}`),
    );
    expect(h.fake.count('token')).toBe(1);
    expect(h.fake.counts()).toMatchObject({ 'drive.files.get': 8, 'sheets.get': 8, 'values.batchGet': 8 });
    // Sequential reads would never have two calls in flight; 8 × 3 calls at 100 ms would take 2.4 s.
    expect(h.fake.maxInFlight).toBeGreaterThanOrEqual(2);
  });
});
