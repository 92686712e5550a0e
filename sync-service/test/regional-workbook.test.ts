import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue, ItemsTemplate } from '@mmo/shared';
import {
  ACADEMIC_YEAR_FIELD,
  APPLICATION,
  MMO_FIELD,
  MUNICIPALITY_FIELD,
  QUESTIONNAIRE_OO,
  TEMPLATES,
} from '@mmo/templates';
import { consolidate } from '../src/engine/consolidate.js';
import { diffConsolidations } from '../src/engine/changes.js';
import type { Consolidation } from '../src/model.js';
import { regionalSheets, SHEET_NAMES, type RegionalSheet } from '../src/output/regional-sheets.js';
import { writeRegionalXlsx } from '../src/output/xlsx-writer.js';
import { SEED_PLANS } from '../src/seed/seed-region.js';
import {
  failedEntry,
  jointWorkbook,
  okEntry,
  planWorkbook,
  seedRows,
  templateWorkbook,
} from './fixtures/workbooks.js';

const NOW = new Date('2023-01-15T10:00:00Z');
let dir: string;
let region: Consolidation;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmo-out-'));
  const entries = await Promise.all(
    SEED_PLANS.districts.map(async (d) => okEntry(await planWorkbook(d.no, `ММО-${d.no} ${d.name}.xlsx`))),
  );
  region = consolidate({ entries: [...entries, okEntry(await jointWorkbook())], now: NOW });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sheet(sheets: readonly RegionalSheet[], name: string): RegionalSheet {
  const s = sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet «${name}»`);
  return s;
}

function column(s: RegionalSheet, header: string): CellValue[] {
  const i = s.columns.findIndex((c) => c.header === header);
  if (i < 0) throw new Error(`no column «${header}» in «${s.name}»`);
  return s.rows.map((r) => r[i]);
}

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

describe('regionalSheets of the seeded region', () => {
  it('has the sheets in order with the 80 events and the 10 joint events', () => {
    const sheets = regionalSheets(region, null, { canSeePersonal: true });
    expect(sheets.map((s) => s.name)).toEqual([
      'Сводный план',
      'План с РМЦ',
      // Listings the forms declare sit beside the plans, their summaries beside «Показатели».
      'Предложения',
      'Планы методистов',
      'Заявки',
      'Заявки по программам',
      'Затруднения',
      'Показатели',
      'Самодиагностика муниципалитетов',
      'Самодиагностика ОО',
      'Наблюдение уроков',
      'Наблюдение уроков — уровни',
      'Самодиагностика региона',
      'Дорожная карта — выполнение',
      'Дорожная карта — просрочено',
      'Календарь',
      'Полнота',
      'Ошибки',
      'Изменения',
    ]);
    const plan = sheet(sheets, 'Сводный план');
    expect(plan.rows).toHaveLength(80);
    expect(sheet(sheets, 'План с РМЦ').rows).toHaveLength(10);
    expect(sheet(sheets, SHEET_NAMES.issues).rows).toHaveLength(0);
    for (const s of sheets) for (const r of s.rows) expect(r).toHaveLength(s.columns.length);
    // Every ММО with its own number of events, in order.
    const counts = new Map<CellValue, number>();
    for (const m of column(plan, 'ММО')) counts.set(m, (counts.get(m) ?? 0) + 1);
    expect([...counts.values()]).toEqual(SEED_PLANS.districts.map((d) => d.events.length));
    expect([...counts.keys()][3]).toBe('№4. Горный');
  });

  it('shows the period as written and as parsed', () => {
    const plan = sheet(regionalSheets(region, null, { canSeePersonal: true }), 'Сводный план');
    const row = plan.rows.find(
      (r) => r[2] === 'Фестиваль педагогических практик по обеспечению качества образования',
    )!;
    const cells = Object.fromEntries(plan.columns.map((c, i) => [c.header, row[i]]));
    expect(cells).toMatchObject({
      ММО: '№4. Горный',
      'Сроки проведения (как написано)': 'Ноябрь, 2022\nАпрель 2023',
      'Первый месяц': 'Ноябрь 2022',
      'Последний месяц': 'Апрель 2023',
      'Вид срока': 'несколько месяцев',
      Источник: 'ММО-4 Горный.xlsx',
      // Title row, two header-block rows, a blank row, the table header: events start on row 6.
      Строка: 9,
    });
    const wholeYear = plan.rows.find((r) => r[4] === 'В течение года')!;
    expect(wholeYear.slice(5, 8)).toEqual([null, null, 'в течение года']);
  });

  it('counts the calendar per month and ММО, spans in each month, whole-year events apart', () => {
    const cal = sheet(regionalSheets(region, null, { canSeePersonal: true }), 'Календарь');
    expect(cal.columns.map((c) => c.header)).toEqual([
      'Месяц (2022-2023)',
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `ММО №${n}`),
      'Всего',
    ]);
    const byLabel = new Map(cal.rows.map((r) => [r[0], r.slice(1)]));
    expect(cal.rows.slice(0, 13).map((r) => r[0])).toEqual([
      'Август 2022',
      'Сентябрь 2022',
      'Октябрь 2022',
      'Ноябрь 2022',
      'Декабрь 2022',
      'Январь 2023',
      'Февраль 2023',
      'Март 2023',
      'Апрель 2023',
      'Май 2023',
      'Июнь 2023',
      'Июль 2023',
      'Август 2023',
    ]);
    // ММО №4: «Август-сентябрь» twice, «Сентябрь, 2022» once; «Ноябрь, 2022 / Апрель 2023» in both months.
    expect(byLabel.get('Август 2022')![3]).toBe(2);
    expect(byLabel.get('Сентябрь 2022')![3]).toBe(3);
    expect(byLabel.get('Ноябрь 2022')![3]).toBe(1);
    expect(byLabel.get('Апрель 2023')![3]).toBe(1);
    expect(byLabel.get('Всего мероприятий')).toEqual([12, 12, 15, 8, 9, 4, 13, 7, 80]);
    expect(byLabel.get('В течение года')![8]).toBe(6);
    expect(byLabel.get('Срок не распознан')![8]).toBe(0);
  });

  it('shows completeness per ММО, with a failed source and an ММО that sent nothing', async () => {
    const c = consolidate({
      entries: [
        okEntry(await planWorkbook(4)),
        failedEntry('ММО-2.xlsx', 'Файл повреждён или это не .xlsx: «ММО-2.xlsx»', 2),
      ],
      now: NOW,
    });
    const s = sheet(regionalSheets(c, null, { canSeePersonal: true }), SHEET_NAMES.completeness);
    expect(s.rows).toHaveLength(8);
    const state = column(s, 'Состояние');
    expect(state[1]).toBe('ошибка чтения');
    expect(state[3]).toBe('актуально');
    expect(state[0]).toBe('нет данных');
    expect(column(s, 'План ММО (строк)')[3]).toBe(8);
    expect(column(s, 'План ММО (строк)')[0]).toBe('нет');
    expect(column(s, 'Ошибок')[1]).toBe(1);
    expect(column(s, 'Последняя успешная синхронизация')[3]).toEqual(NOW);
  });
});

describe('Заявки', () => {
  let c: Consolidation;
  beforeAll(async () => {
    const header = (mmo: string) => ({
      mmo,
      contactName: 'Магомедова Патимат Расуловна',
      contactPosition: 'руководитель ММС',
      contactPhone: '8 928 123-45-67',
      contactEmail: 'mms@mail.ru',
      academicYear: '2022-2023',
    });
    const row = (programme: string, trainee: string) => ({
      programme,
      traineeName: trainee,
      traineeWorkplace: 'МКОУ «Гунибская СОШ»',
    });
    c = consolidate({
      entries: [
        okEntry(
          await templateWorkbook(
            APPLICATION,
            {
              header: header('№4'),
              rows: [
                row('Функциональная грамотность', 'Алиев Али'),
                row('функциональная  грамотность.', 'Омаров Омар'),
                row('ФГОС', 'Алиев Али'),
              ],
            },
            'заявка-4.xlsx',
          ),
        ),
        okEntry(
          await templateWorkbook(
            APPLICATION,
            { header: header('№7'), rows: [row('«Функциональная грамотность»', 'Гасанова Айна')] },
            'заявка-7.xlsx',
          ),
        ),
      ],
      now: NOW,
    });
  });

  it('lists every заявка with its ММО and responsible person; personal columns only for those who may see them', () => {
    const full = sheet(regionalSheets(c, null, { canSeePersonal: true }), 'Заявки');
    expect(full.rows).toHaveLength(4);
    expect(column(full, 'ММО')).toEqual(['№4. Горный', '№4. Горный', '№4. Горный', '№7. Лоция методиста']);
    expect(column(full, 'Ответственный за взаимодействие с ММО')[0]).toBe('Магомедова Патимат Расуловна');
    expect(column(full, 'Ф.И.О. направляемого на обучение')).toEqual([
      'Алиев Али',
      'Омаров Омар',
      'Алиев Али',
      'Гасанова Айна',
    ]);
    const open = sheet(regionalSheets(c, null, { canSeePersonal: false }), 'Заявки');
    const headers = open.columns.map((col) => col.header);
    expect(headers).not.toContain('Ф.И.О. направляемого на обучение');
    expect(headers).not.toContain('Ответственный за взаимодействие с ММО');
    expect(headers).not.toContain('Контактный телефон');
    expect(headers).toContain('Должность ответственного');
    expect(JSON.stringify(open.rows)).not.toContain('Алиев');
  });

  it('counts заявки per programme and ММО, grouping spellings that differ in case, spaces and quotes', () => {
    const s = sheet(regionalSheets(c, null, { canSeePersonal: false }), 'Заявки по программам');
    expect(s.columns.map((col) => col.header)).toEqual([
      'Программа',
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `ММО №${n}`),
      'Всего',
    ]);
    expect(s.rows).toEqual([
      ['Функциональная грамотность', 0, 0, 0, 2, 0, 0, 1, 0, 3],
      ['ФГОС', 0, 0, 0, 1, 0, 0, 0, 0, 1],
    ]);
  });
});

describe('Затруднения and Показатели', () => {
  it('shares of «Да» and «Скорее да» per item and ММО, most needed first, blanks not counted', async () => {
    const answersOf = (answer: string) => ({
      '2.1': { answer },
      '2.2': { answer: 'Нет. Могу поделиться опытом' },
    });
    const header = (mmo: string) => ({
      mmo,
      municipality: 'Ахтынский',
      organisation: 'МКОУ «Ахтынская СОШ №1»',
      position: 'учитель',
    });
    const entries = await Promise.all(
      [
        ['№2', 'Да. Хотелось бы получить помощь'],
        ['№2', 'Скорее да, чем нет'],
        ['№2', 'Скорее нет, чем да'],
        ['№2', 'Да. Хотелось бы получить помощь'],
        ['№4', 'Скорее нет, чем да'],
      ].map(async ([mmo, answer], i) =>
        okEntry(
          await templateWorkbook(
            QUESTIONNAIRE_OO,
            { header: header(mmo), answers: answersOf(answer) },
            `анкета-${i}.xlsx`,
          ),
        ),
      ),
    );
    const c = consolidate({ entries, now: NOW });
    const s = sheet(regionalSheets(c, null, { canSeePersonal: false }), 'Затруднения');
    const item = QUESTIONNAIRE_OO.items.find((i) => i.id === '2.1')!;
    expect(s.rows).toHaveLength(4);
    expect(s.rows[0]).toEqual([
      QUESTIONNAIRE_OO.sheetName,
      'Методические затруднения',
      '2.1',
      item.text,
      '№2. Вектор развития',
      4,
      3,
      75,
    ]);
    expect(s.rows.slice(1).map((r) => [r[2], r[4], r[5], r[7]])).toEqual([
      ['2.1', '№4. Горный', 1, 0],
      ['2.2', '№2. Вектор развития', 4, 0],
      ['2.2', '№4. Горный', 1, 0],
    ]);
  });

  it('scores any template that declares «Показатели», by its rules, with KPI minima of the year after the academic start', async () => {
    const value = (type: 'yesNo' | 'integer' | 'percent') =>
      [{ key: 'value', label: 'Значение', type }] as const;
    const SCORED: ItemsTemplate = {
      id: 'test-indicators',
      layout: 'items',
      title: 'ПОКАЗАТЕЛИ ДЛЯ ПРОВЕРКИ СВОДКИ',
      sheetName: 'Показатели теста',
      menuLabel: 'Показатели теста',
      source: 'тест',
      header: [MMO_FIELD, MUNICIPALITY_FIELD, ACADEMIC_YEAR_FIELD],
      instructions: [],
      numberLabel: '№',
      itemLabel: 'Критерии, индикаторы',
      answers: [{ key: 'value', label: 'Значение', type: 'text' }],
      // Shares the sheet with the municipal indicators: one row per sheet, a «Форма» column apart.
      regional: [{ kind: 'scores', sheet: 'Показатели' }],
      items: [
        { id: '1.', text: 'Нормативная база', isGroup: true },
        {
          id: '1.1',
          text: 'Наличие программы развития',
          rule: { kind: 'presence', points: 2 },
          answers: value('yesNo'),
        },
        {
          id: '1.2',
          text: 'Число семинаров',
          rule: { kind: 'per_item', pointsPerItem: 1, capItems: 3 },
          answers: value('integer'),
        },
        {
          id: 'KPI-1',
          text: 'Доля педагогов, прошедших диагностику',
          rule: { kind: 'kpi_target', points: 5, unit: 'percent', minByYear: { '2022': 10, '2023': 20 } },
          answers: value('percent'),
        },
      ],
    };
    const templates = [...TEMPLATES, SCORED];
    const fill = (academicYear: string) => ({
      header: { mmo: '№4', municipality: 'Гунибский', academicYear },
      answers: { '1.1': { value: 'Да' }, '1.2': { value: 5 }, 'KPI-1': { value: 15 } },
    });
    const c = consolidate({
      entries: [
        okEntry(await templateWorkbook(SCORED, fill('2022-2023'), 'a.xlsx')),
        okEntry(await templateWorkbook(SCORED, fill('2021-2022'), 'b.xlsx')),
      ],
      templates,
      now: NOW,
    });
    expect(c.sheets.map((x) => x.templateId)).toEqual(['test-indicators', 'test-indicators']);
    const s = sheet(regionalSheets(c, null, { canSeePersonal: false, templates }), 'Показатели');
    const cells = (i: number) => Object.fromEntries(s.columns.map((col, k) => [col.header, s.rows[i][k]]));
    // 2022-2023 → the 2023 minimum (20 %): 15 % misses it.
    expect(cells(0)).toMatchObject({
      ММО: '№4. Горный',
      Муниципалитет: 'Гунибский',
      'Год (для ключевых показателей)': 2023,
      Баллы: 5,
      'Максимум (ограниченных критериев)': 10,
      'Баллы по критериям': '1.1: 2 из 2; 1.2: 3 из 3; KPI-1: 0 из 5',
    });
    expect(cells(1)).toMatchObject({ 'Год (для ключевых показателей)': 2022, Баллы: 10 });
  });
});

describe('writeRegionalXlsx', () => {
  it('writes every sheet with a bold, frozen, filtered header and the column widths; reads back with the same counts', async () => {
    const sheets = regionalSheets(region, diffConsolidations(null, region), { canSeePersonal: true });
    const path = join(dir, 'свод.xlsx');
    await writeRegionalXlsx(sheets, path);
    const wb = await readBack(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(sheets.map((s) => s.name));
    for (const s of sheets) {
      const ws = wb.getWorksheet(s.name)!;
      expect(ws.actualRowCount, s.name).toBe(s.rows.length + 1);
      expect(ws.getRow(1).values).toEqual([undefined, ...s.columns.map((c) => c.header)]);
      expect(ws.getCell(1, 1).font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.getColumn(1).width).toBe(s.columns[0].width);
    }
    const plan = wb.getWorksheet('Сводный план')!;
    expect(plan.getCell(2, 3).value).toBe(SEED_PLANS.districts[0].events[0].title);
    expect(plan.getCell(3, 9).value).toBe('Очно/дистанционно\nРМЦ ДИРО');
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('writes text that looks like a formula as text, never as a formula', async () => {
    const tricky = [
      '=1+2',
      '=HYPERLINK("http://x","y")',
      '+7 928 123-45-67',
      '-5',
      '@SUM(A1:A3)',
      '=СУММ(A1:A3)',
    ];
    const path = join(dir, 'формулы.xlsx');
    await writeRegionalXlsx(
      [{ name: 'Проверка', columns: [{ header: 'Текст', width: 30 }], rows: tricky.map((t) => [t]) }],
      path,
    );
    const ws = (await readBack(path)).getWorksheet('Проверка')!;
    tricky.forEach((t, i) => {
      const cell = ws.getCell(i + 2, 1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.value).toBe(t);
    });
  });

  it('keeps formula-looking event titles as text through the whole pipeline', async () => {
    const rows = seedRows(4);
    rows[0] = { ...rows[0], title: '=HYPERLINK("http://evil","нажми")' };
    rows[1] = { ...rows[1], participants: '+Методисты', place: '@Гуниб' };
    const c = consolidate({ entries: [okEntry(await planWorkbook(4, 'ММО-4.xlsx', { rows }))], now: NOW });
    const path = join(dir, 'план.xlsx');
    await writeRegionalXlsx(regionalSheets(c, null, { canSeePersonal: true }), path);
    const ws = (await readBack(path)).getWorksheet('Сводный план')!;
    expect(ws.getCell(2, 3).value).toBe('=HYPERLINK("http://evil","нажми")');
    expect(ws.getCell(2, 3).type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell(3, 4).value).toBe('+Методисты');
    expect(ws.getCell(3, 9).value).toBe('@Гуниб');
  });

  it('replaces the file whole or not at all', async () => {
    const path = join(dir, 'целиком.xlsx');
    await writeFile(path, 'old');
    await expect(
      writeRegionalXlsx(
        [{ name: 'A', columns: [{ header: 'x', width: 5 }], rows: [[10n as unknown as CellValue]] }],
        path,
      ),
    ).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('old');
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
