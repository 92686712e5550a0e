/**
 * Issue 6, «Faults»: what a coordinator really gets by e-mail, all in one folder beside good plans,
 * read by the real folder source and consolidated; text that looks like a formula in every user
 * field of the three main forms; request parameters that try to leave the data folder.
 * The process kill is in faults-kill.test.ts; single flight over HTTP is in api.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { districtByNo, formatIssue, type CellValue } from '@mmo/shared';
import { APPLICATION, JOINT_PLAN, MMO_PLAN } from '@mmo/templates';
import { addTemplateSheet, renderTemplateXlsx } from '@mmo/templates/xlsx';
import { runCli, type ConsolidationReport } from '../src/cli.js';
import { planEvents } from '../src/engine/aggregate.js';
import { diffConsolidations } from '../src/engine/changes.js';
import { consolidate, type ConsolidateEntry } from '../src/engine/consolidate.js';
import type { Consolidation, PlacedIssue } from '../src/model.js';
import { SHEET_NAMES } from '../src/output/regional-sheets.js';
import { districtFileName, SEED_ACADEMIC_YEAR, SEED_PLANS } from '../src/seed/seed-region.js';
import { XlsxFolderSource } from '../src/sources/xlsx-folder.js';
import { publishBySpec, regionalXlsxPublisher } from '../src/sync/publish.js';
import { seedRows } from './fixtures/workbooks.js';
import { bearer, testService, TOKENS, type TestService } from './service-fixtures.js';

const NOW = new Date('2023-01-15T10:00:00Z');
const temps: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
afterAll(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The folder source's order: name order, numbers as numbers. */
const byName = (a: string, b: string) => a.localeCompare(b, 'ru', { numeric: true });
const districtName = (no: number) => SEED_PLANS.districts.find((d) => d.no === no)!.name;
const fileOf = (no: number) => districtFileName(no, districtName(no));
const seedTitles = (no: number) => SEED_PLANS.districts.find((d) => d.no === no)!.events.map((e) => e.title);

/** The folder of issue 6: every fault beside three good plans. */
const FILES = {
  good: [1, 2, 3].map(fileOf),
  /** A real plan cut in half, as an interrupted download leaves it. */
  corrupt: fileOf(5),
  /** A workbook with one sheet and nothing on it. */
  empty: fileOf(6),
  /** A plan pasted into A1:E5 and a stray value in XFD1048576: the used range is the whole sheet. */
  huge: fileOf(7),
  /** «ММО-4 Горный.xlsx» whose «План ММО» tab holds a заявка. */
  wrongForm: fileOf(4),
  /** ММО №8 sends its plan twice. */
  twice: [fileOf(8), 'ММО-8 Партнерство (исправленный).xlsx'],
  /** The joint plan pasted from two pages: the table header comes again in the middle. */
  repeatedHeader: 'РМЦ План совместной деятельности.xlsx',
} as const;

const HUGE_EVENTS = 4;
const WRONG_FORM_TRAINEES = ['Курбанова Мадина Султановна', 'Исаев Арсен Камилович'];

async function planXlsx(no: number): Promise<Buffer> {
  return renderTemplateXlsx(MMO_PLAN, {
    header: { mmo: districtByNo(no)!.label, academicYear: SEED_ACADEMIC_YEAR },
    rows: seedRows(no),
  });
}

async function workbookBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const EVENT_HEADERS = [
  '№',
  'Название мероприятия',
  'Участники',
  'Сроки проведения',
  'Ответственный. Место проведения (район, ОО)',
];
const eventCells = (e: {
  no: number;
  title: string;
  participants: string;
  period: string;
  place: string;
}) => [e.no, e.title, e.participants, e.period, e.place];

/** Where the joint plan's header comes the second time (1-based sheet row). */
let repeatedHeaderRow = 0;

async function writeFaultFolder(dir: string): Promise<void> {
  for (const no of [1, 2, 3]) await writeFile(join(dir, fileOf(no)), await planXlsx(no));

  const whole = await planXlsx(5);
  await writeFile(join(dir, FILES.corrupt), whole.subarray(0, Math.floor(whole.length / 2)));

  await writeFile(join(dir, FILES.empty), await workbookBytes((wb) => wb.addWorksheet('Лист1')));

  const seven = SEED_PLANS.districts.find((d) => d.no === 7)!.events.slice(0, HUGE_EVENTS);
  await writeFile(
    join(dir, FILES.huge),
    await workbookBytes((wb) => {
      const ws = wb.addWorksheet('Лист1');
      ws.addRow(EVENT_HEADERS);
      for (const e of seven) ws.addRow(eventCells(e));
      ws.getCell('XFD1048576').value = 'конец';
    }),
  );

  await writeFile(
    join(dir, FILES.wrongForm),
    await workbookBytes((wb) => {
      const ws = addTemplateSheet(wb, APPLICATION, {
        header: {
          mmo: districtByNo(4)!.label,
          contactName: 'Омаров Шамиль Гасанович',
          contactPhone: '+7 928 111-22-33',
          contactEmail: 'gorny.okrug@yandex.ru',
          academicYear: SEED_ACADEMIC_YEAR,
        },
        rows: WRONG_FORM_TRAINEES.map((name) => ({
          programme: 'Школа современного учителя',
          traineeName: name,
          traineeWorkplace: 'МКОУ «Гунибская СОШ»',
          period: 'Ноябрь, 2022',
        })),
      });
      ws.name = MMO_PLAN.sheetName;
    }),
  );

  const eight = await planXlsx(8);
  for (const name of FILES.twice) await writeFile(join(dir, name), eight);

  await writeFile(
    join(dir, FILES.repeatedHeader),
    await workbookBytes((wb) => {
      const ws = wb.addWorksheet('Лист1');
      ws.addRow([JOINT_PLAN.title]);
      ws.addRow(['на 2022-2023 учебный год']);
      ws.addRow([]);
      const headers = [...EVENT_HEADERS.slice(0, 4), 'Ответственный. Место проведения'];
      ws.addRow(headers);
      SEED_PLANS.joint.slice(0, 5).forEach((e) => ws.addRow(eventCells(e)));
      repeatedHeaderRow = ws.addRow(headers).number;
      SEED_PLANS.joint.slice(5).forEach((e) => ws.addRow(eventCells(e)));
    }),
  );
}

/** What the service and the CLI do with a folder: list, read each file, consolidate. */
async function consolidateFolder(dir: string): Promise<Consolidation> {
  const source = new XlsxFolderSource(dir);
  const entries: ConsolidateEntry[] = [];
  for (const ref of await source.list()) {
    const result = await source.read(ref, null);
    const base = {
      sourceId: ref.id,
      name: ref.name,
      mmo: ref.districtHint,
      fromSnapshot: false,
      stale: false,
    };
    entries.push(
      result.status === 'ok'
        ? { workbook: result.workbook, status: { ...base, status: 'ok' } }
        : {
            workbook: null,
            status: {
              ...base,
              status: 'failed',
              reason: result.status === 'failed' ? result.reason : 'не прочитан',
            },
          },
    );
  }
  return consolidate({ entries, now: NOW });
}

describe('one folder with every broken source beside good plans', () => {
  let dir: string;
  let c: Consolidation;
  const issuesOf = (file: string) => c.issues.filter((i) => i.file === file);
  const sheetsOf = (file: string) => c.sheets.filter((s) => s.sourceName === file);
  const texts = (issues: readonly PlacedIssue[]) => issues.map((i) => [i.severity, formatIssue(i)]);

  beforeAll(async () => {
    dir = tempDir('mmo-faults-');
    await writeFaultFolder(dir);
    c = await consolidateFolder(dir);
  }, 60_000);

  it('reads every file; only the cut one fails', () => {
    expect(c.sources.map((s) => [s.name, s.status])).toEqual(
      [
        ...FILES.good,
        FILES.wrongForm,
        FILES.corrupt,
        FILES.empty,
        FILES.huge,
        ...FILES.twice,
        FILES.repeatedHeader,
      ]
        .sort(byName)
        .map((name) => [name, name === FILES.corrupt ? 'failed' : 'ok']),
    );
  });

  it('consolidates every event of the three good plans, with no problem', () => {
    for (const [i, no] of [1, 2, 3].entries()) {
      const [sheet, ...more] = sheetsOf(FILES.good[i]);
      expect(more).toEqual([]);
      expect(sheet).toMatchObject({ templateId: MMO_PLAN.id, mmo: no, academicYear: 2022, rejectedRows: 0 });
      expect(sheet.records.map((r) => r.values.title)).toEqual(seedTitles(no));
      expect(issuesOf(FILES.good[i])).toEqual([]);
    }
    const events = planEvents(c);
    for (const no of [1, 2, 3])
      expect(
        events.filter((e) => e.sheet.sourceName === fileOf(no)).map((e) => e.record.values.title),
      ).toEqual(seedTitles(no));
  });

  it('a corrupt .xlsx: a Russian reason with the file name and what to do; no rows from it', () => {
    expect(texts(issuesOf(FILES.corrupt))).toEqual([
      [
        'error',
        `Файл «${FILES.corrupt}»: Файл «${FILES.corrupt}» повреждён или это не книга Excel (.xlsx): откройте его в Excel или LibreOffice и сохраните заново как .xlsx`,
      ],
    ]);
    expect(issuesOf(FILES.corrupt)[0].mmo).toBe(5);
    expect(sheetsOf(FILES.corrupt)).toEqual([]);
  });

  it('an empty workbook: «в файле нет листов с данными» with the file name', () => {
    expect(texts(issuesOf(FILES.empty))).toEqual([
      ['error', `Файл «${FILES.empty}»: в файле нет листов с данными`],
    ]);
    expect(c.sources.find((s) => s.name === FILES.empty)?.status).toBe('ok');
  });

  it('a used range of a million blank rows (A1:XFD1048576) is read: its four events are consolidated', async () => {
    // The fixture is what it claims: Excel sees the whole sheet as used.
    const check = new ExcelJS.Workbook();
    await check.xlsx.load((await readFile(join(dir, FILES.huge))) as unknown as ArrayBuffer);
    const ws = check.worksheets[0];
    expect([ws.rowCount, ws.columnCount]).toEqual([1048576, 16384]);

    const [sheet, ...more] = sheetsOf(FILES.huge);
    expect(more).toEqual([]);
    expect(sheet).toMatchObject({ templateId: MMO_PLAN.id, mmo: 7, rejectedRows: 0 });
    expect(sheet.records.map((r) => [r.row, r.values.title])).toEqual(
      seedTitles(7)
        .slice(0, HUGE_EVENTS)
        .map((t, i) => [i + 2, t]),
    );
    // The sheet names no year: the only remark says which year was taken for its periods.
    expect(issuesOf(FILES.huge).map((i) => [i.severity, i.field])).toEqual([['warning', 'academicYear']]);
  });

  it('the wrong form in an ММО file is read for what it is, and the coordinator is told', () => {
    const [sheet, ...more] = sheetsOf(FILES.wrongForm);
    expect(more).toEqual([]);
    expect(sheet).toMatchObject({ templateId: APPLICATION.id, sheetName: MMO_PLAN.sheetName, mmo: 4 });
    expect(sheet.records.map((r) => r.values.traineeName)).toEqual(WRONG_FORM_TRAINEES);
    // Not counted as ММО №4's plan.
    expect(planEvents(c).filter((e) => e.mmo === 4)).toEqual([]);
    const issues = issuesOf(FILES.wrongForm);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      severity: 'warning',
      file: FILES.wrongForm,
      sheet: MMO_PLAN.sheetName,
      mmo: 4,
    });
    const text = formatIssue(issues[0]);
    expect(text).toMatch(new RegExp(`^Файл «${FILES.wrongForm}», лист «План ММО»: `));
    expect(text).toContain(`«${APPLICATION.menuLabel}»`);
    expect(text).toContain(`«${MMO_PLAN.menuLabel}»`);
  });

  it('the same ММО sent twice: both kept, each with a warning naming both files', () => {
    const [first, second] = [...FILES.twice].sort(byName);
    const eights = c.sheets.filter((s) => s.mmo === 8);
    expect(eights.map((s) => [s.sourceName, s.records.map((r) => r.values.title)])).toEqual(
      [first, second].map((f) => [f, seedTitles(8)]),
    );
    for (const file of FILES.twice) {
      expect(texts(issuesOf(file))).toEqual([
        [
          'warning',
          `Файл «${file}», лист «План ММО»: План ММО №8 пришёл из двух источников: «${first}», «${second}»; учтены оба — проверьте, какой верный`,
        ],
      ]);
    }
  });

  it('a repeated header row: a warning with its row; the events on both sides of it are read', () => {
    const [sheet] = sheetsOf(FILES.repeatedHeader);
    expect(sheet.templateId).toBe(JOINT_PLAN.id);
    expect(sheet.records.map((r) => r.values.title)).toEqual(SEED_PLANS.joint.map((e) => e.title));
    expect(repeatedHeaderRow).toBe(10);
    expect(texts(issuesOf(FILES.repeatedHeader))).toEqual([
      [
        'warning',
        `Файл «${FILES.repeatedHeader}», лист «Лист1», строка ${repeatedHeaderRow}: повторная строка заголовков пропущена`,
      ],
    ]);
  });

  it('the CLI over the same folder: exit 0, each fault in the report and the workbook, every good event in «Сводный план»', async () => {
    const out = tempDir('mmo-faults-out-');
    let stderr = '';
    const code = await runCli(['--input', dir, '--output', 'свод.xlsx', '--report', 'отчёт.json'], {
      stdout: () => {},
      stderr: (t) => (stderr += t),
      cwd: out,
      now: () => NOW,
    });
    expect(code).toBe(0);
    expect(stderr).toContain(`${FILES.corrupt} … не прочитан: Файл «${FILES.corrupt}» повреждён`);

    const report = JSON.parse(await readFile(join(out, 'отчёт.json'), 'utf8')) as ConsolidationReport;
    const reported = (file: string) =>
      report.issues
        .filter((i) => i.file === file)
        .map((i) => [i.severity, i.sheet, i.row, i.message.slice(0, 40)]);
    expect(reported(FILES.corrupt)).toEqual([
      ['error', null, null, `Файл «${FILES.corrupt}» повреждён или это`.slice(0, 40)],
    ]);
    expect(reported(FILES.empty)).toEqual([['error', null, null, 'В файле нет листов с данными']]);
    expect(reported(FILES.wrongForm)).toHaveLength(1);
    expect(reported(FILES.repeatedHeader)).toEqual([
      ['warning', 'Лист1', repeatedHeaderRow, 'Повторная строка заголовков пропущена'],
    ]);
    for (const file of FILES.twice)
      expect(reported(file)).toEqual([
        ['warning', 'План ММО', null, 'План ММО №8 пришёл из двух источников: «'],
      ]);
    expect(report.totals.planEvents).toBe(
      [1, 2, 3].reduce((n, no) => n + seedTitles(no).length, 0) + HUGE_EVENTS + 2 * seedTitles(8).length,
    );
    expect(report.totals.jointEvents).toBe(SEED_PLANS.joint.length);
    expect(report.totals.applications).toBe(WRONG_FORM_TRAINEES.length);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'свод.xlsx'));
    const cells = (name: string) => {
      const values: string[] = [];
      wb.getWorksheet(name)!.eachRow((row) => row.eachCell((cell) => values.push(cell.text)));
      return values;
    };
    const plan = cells('Сводный план');
    for (const no of [1, 2, 3]) for (const title of seedTitles(no)) expect(plan).toContain(title);
    // «Ошибки»: ММО, file, sheet, row, column, severity, message.
    const problems: unknown[][] = [];
    wb.getWorksheet(SHEET_NAMES.issues)!.eachRow(
      (row, n) => n > 1 && problems.push((row.values as unknown[]).slice(2, 7)),
    );
    expect(problems).toContainEqual([
      FILES.repeatedHeader,
      'Лист1',
      repeatedHeaderRow,
      undefined,
      'предупреждение',
    ]);
    expect(problems).toContainEqual([
      FILES.wrongForm,
      MMO_PLAN.sheetName,
      undefined,
      undefined,
      'предупреждение',
    ]);
    expect(problems).toContainEqual([FILES.corrupt, undefined, undefined, undefined, 'ошибка']);
    expect(problems).toContainEqual([FILES.empty, undefined, undefined, undefined, 'ошибка']);
    for (const file of FILES.twice)
      expect(problems).toContainEqual([file, MMO_PLAN.sheetName, undefined, undefined, 'предупреждение']);
  }, 60_000);
});

describe('text starting with = + - @ stays text in the regional workbook', () => {
  const PREFIXES = ['=', '+', '-', '@'] as const;
  /** One formula-looking text per field and row: «=HYPERLINK(…)», «+СУММ(…)», «-1+…», «@СУММ(…)». */
  const tricky = (field: string, row: number) => {
    const p = PREFIXES[row % PREFIXES.length];
    return p === '='
      ? `=HYPERLINK("http://evil.example/${field}","${field} ${row}")`
      : `${p}СУММ(A1:A9)+1 ${field} ${row}`;
  };
  const ROWS = PREFIXES.length;
  const planRow = (row: number) => ({
    no: tricky('no', row),
    title: tricky('title', row),
    participants: tricky('participants', row),
    period: 'Ноябрь, 2022',
    place: tricky('place', row),
  });
  const applicationRow = (row: number) => ({
    no: tricky('no', row),
    programme: tricky('programme', row),
    venue: tricky('venue', row),
    traineeName: tricky('traineeName', row),
    traineeWorkplace: tricky('traineeWorkplace', row),
    period: 'Ноябрь, 2022',
  });
  const applicationHeader = {
    mmo: '№4',
    contactName: tricky('contactName', 0),
    contactPosition: tricky('contactPosition', 1),
    // Typed fields take only what is valid for them; these valid values still start with + and -.
    contactPhone: '+7 928 123-45-67',
    contactEmail: '-gorny.okrug@yandex.ru',
    academicYear: SEED_ACADEMIC_YEAR,
  };

  let wb: ExcelJS.Workbook;
  let c: Consolidation;
  beforeAll(async () => {
    const dir = tempDir('mmo-formula-');
    const sources = join(dir, 'sources');
    await mkdir(sources);
    const rows = (make: (i: number) => Record<string, CellValue>) =>
      Array.from({ length: ROWS }, (_, i) => make(i));
    const write = async (name: string, bytes: Buffer) => writeFile(join(sources, name), bytes);
    await write(
      'ММО-4.xlsx',
      await renderTemplateXlsx(MMO_PLAN, {
        header: { mmo: '№4', academicYear: SEED_ACADEMIC_YEAR },
        rows: rows(planRow),
      }),
    );
    await write(
      'РМЦ.xlsx',
      await renderTemplateXlsx(JOINT_PLAN, {
        header: { academicYear: SEED_ACADEMIC_YEAR },
        rows: rows(planRow),
      }),
    );
    await write(
      'ММО-4 Заявка.xlsx',
      await renderTemplateXlsx(APPLICATION, { header: applicationHeader, rows: rows(applicationRow) }),
    );
    c = await consolidateFolder(sources);
    // «Изменения» shows old and new values: the previous sync had plain texts in the same rows.
    const plainTitles = {
      ...c,
      sheets: c.sheets.map((s) => ({
        ...s,
        records: s.records.map((r) => ({
          ...r,
          values: { ...r.values, place: 'Гуниб' },
          raw: { ...r.raw, place: 'Гуниб' },
        })),
      })),
    };
    const out = join(dir, 'output', 'regional.xlsx');
    await publishBySpec(regionalXlsxPublisher(out), c, diffConsolidations(plainTitles, c));
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
  }, 60_000);

  it('every row of the three forms is accepted', () => {
    expect(c.sheets.map((s) => [s.templateId, s.records.length, s.rejectedRows]).sort()).toEqual([
      [APPLICATION.id, ROWS, 0],
      [JOINT_PLAN.id, ROWS, 0],
      [MMO_PLAN.id, ROWS, 0],
    ]);
  });

  it('every cell that carries such a text is a string cell with that exact text, never a formula', () => {
    const wanted = new Set<string>();
    for (let i = 0; i < ROWS; i++) {
      for (const v of [...Object.values(planRow(i)), ...Object.values(applicationRow(i))])
        if (typeof v === 'string' && v !== 'Ноябрь, 2022') wanted.add(v);
    }
    wanted.add(applicationHeader.contactName);
    wanted.add(applicationHeader.contactPosition);
    wanted.add(applicationHeader.contactEmail);
    // The phone is written the one way the service writes phones.
    wanted.add('+7 (928) 123-45-67');

    const seen = new Map<string, string[]>();
    let formulas = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.formula !== undefined || cell.type === ExcelJS.ValueType.Formula) formulas++;
          if (typeof cell.value !== 'string' || !wanted.has(cell.value)) return;
          expect(cell.type, `${ws.name}!${cell.address}`).toBe(ExcelJS.ValueType.String);
          seen.set(cell.value, [...(seen.get(cell.value) ?? []), ws.name]);
        }),
      );
    }
    expect(formulas).toBe(0);
    // Every user field reached the workbook, so every one was checked.
    expect([...wanted].filter((v) => !seen.has(v))).toEqual([]);
    // Where they are: the plans, the joint plan, the заявки and what changed.
    const sheetsWith = new Set([...seen.values()].flat());
    for (const name of ['Сводный план', 'План с РМЦ', 'Заявки', SHEET_NAMES.changes])
      expect(sheetsWith).toContain(name);
  });
});

describe('no request parameter reaches a path outside the data folder', () => {
  let s: TestService;
  let outside: string;
  const SECRET = 'СЕКРЕТ-ВНЕ-ПАПКИ-ДАННЫХ';
  beforeAll(async () => {
    s = await testService();
    // A folder beside the data folder, where «../» from the output folder leads.
    outside = tempDir('mmo-outside-');
    await writeFile(join(outside, 'passwd'), SECRET);
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  /** «../../mmo-outside-…/passwd»: from the output folder to the file outside. */
  const rel = () => relative(dirname(s.outputPath), join(outside, 'passwd'));
  test.each([
    ['GET', () => '/api/regional.xlsx?mmo=../../etc/passwd'],
    ['GET', () => `/api/regional.xlsx?mmo=${encodeURIComponent(rel())}`],
    ['GET', () => '/api/regional.xlsx?mmo=%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    ['GET', () => '/api/regional.xlsx?mmo=%252e%252e%252fregional.xlsx'],
    ['GET', () => `/api/regional.xlsx?mmo=${encodeURIComponent(join(outside, 'passwd'))}`],
    ['GET', () => '/api/regional.xlsx?mmo=C:%5CWindows%5Cwin.ini'],
    ['GET', () => '/api/regional.xlsx?mmo=3%2F..%2F..%2Fregional.xlsx'],
    ['GET', () => '/api/regional.xlsx?mmo=..'],
    ['POST', () => '/api/sync/3%2F..%2F..%2Fetc%2Fpasswd'],
    ['POST', () => `/api/sync/${encodeURIComponent(join(outside, 'passwd'))}`],
    ['POST', () => '/api/sync/..%5C..%5Cregional.xlsx'],
    ['GET', () => '/api/plan?mmo=%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    ['GET', () => '/api/applications?mmo=..%2F..%2Fregional.xlsx'],
  ])('%s %s → 400 «Номер ММО…», nothing of the file outside', async (method, path) => {
    const res = await s.app.request(path(), { method, headers: bearer(TOKENS.rmc) });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ error: 'Номер ММО должен быть от 1 до 8' });
    expect(body).not.toContain(SECRET);
  });

  // «%2e%2e» is «..» to the URL parser: the path is resolved before any route sees it.
  test.each([
    '/api/sync/%2e%2e',
    '/api/regional.xlsx/..%2F..%2Fregional.xlsx',
    '/api/regional.xlsx/%2e%2e/%2e%2e/passwd',
    '/api/..%2F..%2Fregional.xlsx',
    '/api/regional.xlsx%2F..%2F..%2Fpasswd',
  ])('%s → 404, no file', async (path) => {
    const res = await s.app.request(path, {
      method: path.startsWith('/api/sync') ? 'POST' : 'GET',
      headers: bearer(TOKENS.rmc),
    });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(SECRET);
  });

  test('the dashboard’s own parameters take no path either', async () => {
    for (const query of [
      'month=..%2F..%2Fetc%2Fpasswd',
      'synced=..%2F..%2Fregional.xlsx',
      `month=${encodeURIComponent(join(outside, 'passwd'))}`,
    ]) {
      const res = await s.app.request(`/?${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.text()).not.toContain(SECRET);
    }
  });

  test('what the РМЦ downloads is the workbook of the data folder, whatever the request says', async () => {
    const res = await s.app.request('/api/regional.xlsx', { headers: bearer(TOKENS.rmc) });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(await readFile(s.outputPath))).toBe(true);
    expect(s.outputPath.startsWith(s.region.dir)).toBe(true);
  });
});
