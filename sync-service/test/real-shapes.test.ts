/**
 * Files shaped the way people really fill them in (issue 11: the year, the ММО from a name, answers
 * typed by hand, заявки), each consolidated beside normal files and read back from the regional
 * workbook written to disk. Fictional people only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue } from '@mmo/shared';
import { APPLICATION, MMO_PLAN, QUESTIONNAIRE_OO, ROADMAP } from '@mmo/templates';
import { consolidate } from '../src/engine/consolidate.js';
import type { Consolidation, PlacedIssue } from '../src/model.js';
import { regionalSheets, SHEET_NAMES } from '../src/output/regional-sheets.js';
import { writeRegionalXlsx } from '../src/output/xlsx-writer.js';
import { okEntry, planWorkbook, templateWorkbook, workbookOf } from './fixtures/workbooks.js';

/** December 2026, as in the issue: today's year is 2026-2027, the files are of 2022-2023. */
const NOW = new Date('2026-12-10T09:00:00Z');
const APPLICATION_TITLE = APPLICATION.title;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmo-shapes-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One-sheet .xlsx from rows of cells, as a paste into a blank workbook looks. */
async function pastedXlsx(rows: readonly (readonly CellValue[])[], sheetName = 'Лист1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  rows.forEach((row, r) =>
    row.forEach((v, c) => v !== null && (ws.getCell(r + 1, c + 1).value = v as ExcelJS.CellValue)),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every sheet of the regional workbook as written to disk, as arrays of rows under the header. */
async function regionalBack(
  c: Consolidation,
  canSeePersonal = true,
): Promise<Map<string, { headers: string[]; rows: CellValue[][] }>> {
  const path = join(dir, `regional-${Math.random().toString(36).slice(2)}.xlsx`);
  await writeRegionalXlsx(regionalSheets(c, null, { canSeePersonal, now: NOW }), path);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out = new Map<string, { headers: string[]; rows: CellValue[][] }>();
  wb.eachSheet((ws) => {
    const all: CellValue[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const cells: CellValue[] = [];
      for (let i = 1; i <= ws.columnCount; i++) {
        const v = row.getCell(i).value;
        cells.push(v === undefined ? null : (v as CellValue));
      }
      all.push(cells);
    });
    out.set(ws.name, { headers: (all[0] ?? []).map(String), rows: all.slice(1) });
  });
  return out;
}

function columnOf(sheet: { headers: string[]; rows: CellValue[][] }, header: string): CellValue[] {
  const i = sheet.headers.indexOf(header);
  if (i < 0) throw new Error(`no column «${header}»: ${sheet.headers.join(' | ')}`);
  return sheet.rows.map((r) => r[i] ?? null);
}

const warningsOf = (c: Consolidation, file: string): PlacedIssue[] =>
  c.issues.filter((i) => i.file === file && i.severity === 'warning');
const errorsOf = (c: Consolidation, file?: string): PlacedIssue[] =>
  c.issues.filter((i) => i.severity === 'error' && (file === undefined || i.file === file));

/** The seed's заявка (Приложение №3) as pasted from Word: title, numbered header lines with blanks, the table; no year. */
function seedApplicationRows(mmo: CellValue, rows: readonly (readonly CellValue[])[]): CellValue[][] {
  return [
    ['Приложение №3'],
    [APPLICATION_TITLE],
    ['1. Межмуниципальный методический округ', mmo],
    ['2. Ответственный за взаимодействие с ММО', 'Тестова Марина Ивановна'],
    ['3. Должность ответственного', 'руководитель ММС'],
    ['4. Контактный телефон', '+7 900 000-00-01'],
    ['5. Электронный адрес', 'mms-test@example.invalid'],
    [],
    [
      '№',
      'Наименование программы обучения, вариативного модуля, семинара',
      'Сроки проведения',
      'Место проведения (при проведении курсов в муниципалитете, образовательной организации)',
      'Ф.И.О. направляемого на обучение',
      'Место работы направляемого на обучение',
    ],
    ...rows.map((r) => [...r]),
  ];
}

describe('the academic year of sheets that do not name it', () => {
  let c: Consolidation;
  const APP = 'Заявка ММО-4.xlsx';
  const PLAN = 'план без шапки.xlsx';
  const UNDATED = 'Прорыв 2023-24.xlsx';
  beforeAll(async () => {
    const app = await pastedXlsx(
      seedApplicationRows('№4. Горный', [
        [
          '1',
          'Функциональная грамотность',
          'Октябрь, 2022',
          'ДИРО',
          'Тестов Тимур Тестович',
          'МКОУ «Тестовая СОШ №1»',
        ],
        ['2', 'ФГОС ООО', 'Апрель 2023', 'ДИРО', 'Примерова Анна Петровна', 'МКОУ «Тестовая СОШ №2»'],
        ['3', 'Наставничество', 'до 20.12.2022', 'Гуниб', 'Образцов Олег Олегович', 'МКОУ «Тестовая СОШ №3»'],
        [
          '4',
          'Цифровая школа',
          new Date(Date.UTC(2023, 2, 14)),
          'Гуниб',
          'Выдумкина Вера Павловна',
          'МКОУ «Тестовая СОШ №4»',
        ],
      ]),
      'Заявка',
    );
    // A pasted plan: no header block, no title year; two dated periods, the rest bare.
    const plan = await pastedXlsx(
      [
        ['№5. «Прорыв».'],
        [],
        [
          '№',
          'Название мероприятия',
          'Участники',
          'Сроки проведения',
          'Ответственный. Место проведения (район, ОО)',
        ],
        ['1', 'Августовское совещание', 'Методисты', 'Август-сентябрь', 'Карабудахкент'],
        [
          '2',
          'Семинар «Планирование работы ММО на 2022-2023 учебный год»',
          'Руководители ОО',
          'Сентябрь, 2022',
          'Каспийск',
        ],
        ['3', 'Консультации', 'Педагоги', 'В течение года', 'Каспийск'],
        ['4', 'Конкурс «Учитель года»', 'Педагоги', 'Апрель 2023', 'Избербаш'],
      ],
      'План ММО',
    );
    // Nothing dated at all: the заявка takes the year of the run.
    const undated = await pastedXlsx(
      seedApplicationRows('', [
        [
          '1',
          'Функциональная грамотность',
          'По согласованию',
          'ДИРО',
          'Пробная Полина Сергеевна',
          'МКОУ «Тестовая СОШ №5»',
        ],
      ]),
      'Заявка',
    );
    c = consolidate({
      entries: [
        okEntry(await planWorkbook(4)),
        okEntry(await workbookOf(APP, app)),
        okEntry(await workbookOf(PLAN, plan)),
        okEntry(await workbookOf(UNDATED, undated)),
      ],
      now: NOW,
    });
  });

  it('reads the year from the dated periods, and no period is warned as outside the year', () => {
    const app = c.sheets.find((s) => s.sourceName === APP)!;
    expect(app.academicYear).toBe(2022);
    expect(app.records).toHaveLength(4);
    expect(c.issues.filter((i) => /выходит за пределы/.test(i.message))).toEqual([]);
    const [assumed] = warningsOf(c, APP).filter((i) => i.field === 'academicYear');
    expect(assumed.message).toBe(
      'учебный год в листе не указан — принят 2022-2023, по срокам проведения: 4 из 4 сроков с указанным годом относятся к нему. Если год другой, впишите «Учебный год» в шапку листа',
    );
    expect(errorsOf(c)).toEqual([]);
  });

  it('puts the bare periods of a pasted plan into the inferred year: «Август-сентябрь» in 2022, «В течение года» the whole 2022-2023', async () => {
    const plan = c.sheets.find((s) => s.sourceName === PLAN)!;
    expect(plan.academicYear).toBe(2022);
    const back = await regionalBack(c);
    const sheet = back.get('Сводный план')!;
    const fromPlan = sheet.rows.filter((r) => r[sheet.headers.indexOf('Источник')] === PLAN);
    const at = (h: string) => sheet.headers.indexOf(h);
    expect(
      fromPlan.map((r) => [r[at('Первый месяц')], r[at('Последний месяц')], r[at('Вид срока')]]),
    ).toEqual([
      ['Август 2022', 'Сентябрь 2022', 'период'],
      ['Сентябрь 2022', 'Сентябрь 2022', 'месяц'],
      [null, null, 'в течение года'],
      ['Апрель 2023', 'Апрель 2023', 'месяц'],
    ]);
    const calendar = back.get('Календарь')!;
    expect(calendar.headers[0]).toBe('Месяц (2022-2023)');
    expect(calendar.rows.find((r) => r[0] === 'Вне учебного года')!.at(-1)).toBe(0);
  });

  it('gives a sheet with no dated period the run’s year, and says so', () => {
    const undated = c.sheets.find((s) => s.sourceName === UNDATED)!;
    expect(undated.academicYear).toBe(2022);
    expect(c.academicYear).toBe(2022);
    expect(warningsOf(c, UNDATED).map((i) => i.message)).toContain(
      'учебный год в листе не указан — принят 2022-2023, как у большинства листов сводки. Если год другой, впишите «Учебный год» в шапку листа',
    );
  });

  it('takes the year of the other sheets of the same file before the run’s', async () => {
    const plan = await planWorkbook(6, 'ММО-6.xlsx', { header: { mmo: '№6', academicYear: '2023-2024' } });
    const app = await workbookOf(
      'x.xlsx',
      await pastedXlsx(
        seedApplicationRows('№6', [
          ['1', 'ФГОС', 'По согласованию', '', 'Тестов Тимур Тестович', 'МКОУ «Тестовая СОШ»'],
        ]),
        'Заявка',
      ),
    );
    const both = { ...plan, sheets: [...plan.sheets, ...app.sheets] };
    const run = consolidate({ entries: [okEntry(both), okEntry(await planWorkbook(4))], now: NOW });
    const sheet = run.sheets.find((s) => s.templateId === APPLICATION.id)!;
    expect(sheet.academicYear).toBe(2023);
    expect(run.issues.find((i) => i.sheet === 'Заявка' && i.field === 'academicYear')?.message).toMatch(
      /^учебный год в листе не указан — принят 2023-2024, как в листе «План ММО» этого же файла/,
    );
  });

  it('falls back to today’s academic year (September starts it) when nothing names one', async () => {
    const lone = await workbookOf(
      'ММО-2.xlsx',
      await pastedXlsx(
        seedApplicationRows('№2', [
          ['1', 'ФГОС', 'По согласованию', '', 'Тестов Тимур Тестович', 'МКОУ «Тестовая СОШ»'],
        ]),
        'Заявка',
      ),
    );
    const aug = consolidate({ entries: [okEntry(lone)], now: new Date(2026, 7, 31, 12) });
    expect(aug.academicYear).toBe(2025);
    expect(aug.issues.find((i) => i.field === 'academicYear')?.message).toMatch(
      /принят 2025-2026, текущий учебный год по сегодняшней дате/,
    );
    expect(consolidate({ entries: [okEntry(lone)], now: new Date(2026, 8, 1, 12) }).academicYear).toBe(2026);
  });
});

describe('the ММО from a file or folder name, and not from the заявка’s title', () => {
  let c: Consolidation;
  beforeAll(async () => {
    const appRows = (name: string) => [
      ['1', 'Функциональная грамотность', 'Октябрь, 2022', '', name, 'МКОУ «Тестовая СОШ»'],
    ];
    const noMmoPlan = await pastedXlsx(
      [
        ['ПЛАН работы муниципалитетов в составе ММО на 2022-2023 учебный год'],
        [
          '№',
          'Название мероприятия',
          'Участники',
          'Сроки проведения',
          'Ответственный. Место проведения (район, ОО)',
        ],
        ['1', 'Семинар', 'Методисты', 'Ноябрь, 2022', 'Гуниб'],
      ],
      'План ММО',
    );
    c = consolidate({
      entries: [
        okEntry(await planWorkbook(1)),
        okEntry(
          await workbookOf(
            'Прорыв 2023-24.xlsx',
            await pastedXlsx(seedApplicationRows('', appRows('Тестов Тимур Тестович')), 'Заявка'),
          ),
        ),
        okEntry(await workbookOf('план_Горный_итог.xlsx', noMmoPlan)),
        okEntry(
          await workbookOf(
            'Партнерство заявка.xlsx',
            await pastedXlsx(seedApplicationRows(null, appRows('Примерова Анна Петровна')), 'Заявка'),
          ),
        ),
        // The header names №4, the title only says «в составе Межмуниципального методического округа».
        okEntry(
          await workbookOf(
            'заявка.xlsx',
            await pastedXlsx(seedApplicationRows('№4. Горный', appRows('Образцов Олег Олегович')), 'Заявка'),
          ),
        ),
      ],
      now: NOW,
    });
  });

  it('files every sheet under the ММО its name or header gives, with no false conflict', async () => {
    expect(c.sheets.map((s) => [s.sourceName, s.mmo])).toEqual([
      ['ММО-1.xlsx', 1],
      ['Прорыв 2023-24.xlsx', 5],
      ['план_Горный_итог.xlsx', 4],
      ['Партнерство заявка.xlsx', 8],
      ['заявка.xlsx', 4],
    ]);
    expect(c.issues.filter((i) => /ММО/.test(i.message) && i.field === 'mmo')).toEqual([]);
    expect(errorsOf(c)).toEqual([]);
    const back = await regionalBack(c);
    const apps = back.get('Заявки')!;
    expect(columnOf(apps, 'ММО')).toEqual(['№4. Горный', '№5. Прорыв', '№8. Партнерство']);
    expect(columnOf(back.get('Сводный план')!, 'ММО')).not.toContain('Без ММО (план с РМЦ и нераспознанные)');
    const programmes = back.get('Заявки по программам')!;
    expect(programmes.headers).not.toContain('Без ММО');
  });
});

describe('answers typed by hand', () => {
  const answers = (map: Record<string, string>) =>
    Object.fromEntries(Object.entries(map).map(([id, answer]) => [id, { answer }]));
  let c: Consolidation;
  beforeAll(async () => {
    const header = {
      mmo: '№2',
      municipality: 'Ахтынский район',
      organisation: 'МКОУ «Тестовая СОШ»',
      position: 'учитель',
    };
    c = consolidate({
      entries: [
        okEntry(
          await templateWorkbook(
            QUESTIONNAIRE_OO,
            {
              header,
              answers: answers({
                '2.1': 'Да. Хотелось бы получить помощь',
                '2.2': 'Нет. Могу поделиться опытом',
              }),
            },
            'анкета-1.xlsx',
          ),
        ),
        okEntry(
          await templateWorkbook(
            QUESTIONNAIRE_OO,
            { header, answers: answers({ '2.1': 'да', '2.2': 'НЕТ', '2.3': 'Скорее да' }) },
            'анкета-2.xlsx',
          ),
        ),
        okEntry(
          await templateWorkbook(
            QUESTIONNAIRE_OO,
            { header, answers: answers({ '2.1': 'ДА.', '2.2': 'скорее нет', '2.3': 'скорее' }) },
            'анкета-3.xlsx',
          ),
        ),
        okEntry(
          await templateWorkbook(
            ROADMAP,
            {
              header: { mmo: '№2', municipality: 'Ахтынский район', academicYear: '2022-2023' },
              answers: {
                [ROADMAP.items.find((i) => !('isGroup' in i && i.isGroup))!.id]: { status: 'Выполнено.' },
              },
            },
            'дорожная карта.xlsx',
          ),
        ),
      ],
      now: NOW,
    });
  });

  it('counts «да», «ДА.», «Скорее да», «нет» in «Затруднения» as the answers they mean', async () => {
    const back = await regionalBack(c);
    const s = back.get('Затруднения')!;
    const row = (id: string) => s.rows.find((r) => r[columnIndex(s, '№')] === id)!;
    const pick = (id: string) => [
      row(id)[columnIndex(s, 'Ответили')],
      row(id)[columnIndex(s, 'Нужна помощь («Да» и «Скорее да»)')],
    ];
    expect(pick('2.1')).toEqual([3, 3]);
    expect(pick('2.2')).toEqual([3, 0]);
    // «Скорее да» counts; the ambiguous «скорее» is an error, not an answer.
    expect(pick('2.3')).toEqual([1, 1]);
  });

  it('keeps an ambiguous answer an error that lists the choices it fits, and nothing else an error', () => {
    expect(errorsOf(c).map((i) => [i.file, i.message])).toEqual([
      [
        'анкета-3.xlsx',
        '«скорее» подходит к нескольким ответам («Скорее нет, чем да», «Скорее да, чем нет»); выберите одно из: «Нет. Могу поделиться опытом», «Скорее нет, чем да», «Скорее да, чем нет», «Да. Хотелось бы получить помощь»',
      ],
    ]);
  });

  it('reads a status typed with a capital and a full stop', () => {
    const roadmap = c.sheets.find((s) => s.templateId === ROADMAP.id)!;
    expect(roadmap.records.map((r) => r.values.status).filter(Boolean)).toEqual(['выполнено']);
  });
});

function columnIndex(sheet: { headers: string[] }, header: string): number {
  const i = sheet.headers.indexOf(header);
  if (i < 0) throw new Error(`no column «${header}»`);
  return i;
}

describe('Заявки with errors, repeats and programme spellings', () => {
  let c: Consolidation;
  const header = (mmo: string) => ({
    mmo,
    contactName: 'Тестова Марина Ивановна',
    contactPhone: '+7 900 000-00-02',
    contactEmail: 'mms-test@example.invalid',
    academicYear: '2022-2023',
  });
  const row = (programme: string, traineeName: string, traineeWorkplace = 'МКОУ «Тестовая СОШ №1»') => ({
    programme,
    traineeName,
    traineeWorkplace,
    period: 'Октябрь, 2022',
  });
  beforeAll(async () => {
    c = consolidate({
      entries: [
        okEntry(await planWorkbook(4)),
        okEntry(
          await templateWorkbook(
            APPLICATION,
            {
              header: header('№4'),
              rows: [
                row('ДПП «Функциональная грамотность»', 'Тестов Тимур Тестович'),
                row('Функциональная грамотность', 'Примерова Анна Петровна'),
                row('Функциональная грамотность', ''),
                row('функциональная  грамотность', 'тестов  тимур тестович'),
                row('ФГОС ООО', 'Тестов Тимур Тестович'),
              ],
            },
            'заявка-4.xlsx',
          ),
        ),
        okEntry(
          await templateWorkbook(
            APPLICATION,
            {
              header: header('№7'),
              rows: [
                row('Программа "Функциональная грамотность"', 'Примерова Анна Петровна', 'Тестовая СОШ №1'),
                row('Функциональная грамотность', 'Образцов Олег Олегович', 'МКОУ «Тестовая СОШ №9»'),
              ],
            },
            'заявка-7.xlsx',
          ),
        ),
      ],
      now: NOW,
    });
  });

  it('lists a row without an ФИО, marked with its error, beside the valid ones', async () => {
    const back = await regionalBack(c);
    const apps = back.get('Заявки')!;
    expect(columnOf(apps, 'Ф.И.О. направляемого на обучение')).toEqual([
      'Тестов Тимур Тестович',
      'Примерова Анна Петровна',
      null,
      'тестов  тимур тестович',
      'Тестов Тимур Тестович',
      'Примерова Анна Петровна',
      'Образцов Олег Олегович',
    ]);
    const check = columnOf(apps, 'Проверка');
    expect(check[2]).toBe('ошибка: заполните «Ф.И.О. направляемого на обучение» — это обязательное поле');
    expect(check.filter((v) => v === 'принята')).toHaveLength(6);
    expect(columnOf(apps, 'Строка')[2]).toBe((columnOf(apps, 'Строка')[1] as number) + 1);
    // The error is reported too, at its row.
    expect(errorsOf(c).map((i) => [i.file, i.row, i.field])).toEqual([
      ['заявка-4.xlsx', columnOf(apps, 'Строка')[2], 'traineeName'],
    ]);
    const completeness = back.get(SHEET_NAMES.completeness)!;
    expect(columnOf(completeness, 'Заявка (строк)')[3]).toBe(5);
  });

  it('counts people once per programme, under the spelling most used', async () => {
    const back = await regionalBack(c, false);
    const s = back.get('Заявки по программам')!;
    expect(s.rows.map((r) => [r[0], r[4], r[7], r.at(-1)])).toEqual([
      // Тестов (twice in one file), Примерова (in two ММО), the row without ФИО, Образцов.
      ['Функциональная грамотность', 3, 1, 4],
      ['ФГОС ООО', 1, 0, 1],
    ]);
  });

  it('warns about the same trainee on the same programme, naming both places, in one file and across ММО', () => {
    const repeats = c.issues.filter((i) => i.field === 'traineeName' && i.severity === 'warning');
    expect(repeats.map((i) => [i.file, i.mmo])).toEqual([
      ['заявка-4.xlsx', 4],
      ['заявка-7.xlsx', 7],
    ]);
    expect(repeats[0].message).toMatch(
      /^«тестов {2}тимур тестович» дважды заявлен\(а\) на программу «ДПП «Функциональная грамотность»»: «заявка-4\.xlsx», лист «Заявка», строка \d+ \(ММО №4\) и «заявка-4\.xlsx», лист «Заявка», строка \d+ \(ММО №4\)/,
    );
    expect(repeats[1].message).toContain('«заявка-4.xlsx», лист «Заявка»');
    expect(repeats[1].message).toContain('«заявка-7.xlsx», лист «Заявка»');
    // The plan beside them earns nothing.
    expect(c.issues.filter((i) => i.file === 'ММО-4.xlsx')).toEqual([]);
  });

  it('does not take namesakes at different schools for one person', async () => {
    const two = consolidate({
      entries: [
        okEntry(
          await templateWorkbook(
            APPLICATION,
            {
              header: header('№4'),
              rows: [
                row('ФГОС', 'Тестов Тимур Тестович', 'МКОУ «Тестовая СОШ №1»'),
                row('ФГОС', 'Тестов Тимур Тестович', 'МБОУ «Примерная гимназия»'),
              ],
            },
            'a.xlsx',
          ),
        ),
      ],
      now: NOW,
    });
    expect(two.issues.filter((i) => i.field === 'traineeName')).toEqual([]);
  });
});

it('the template of MMO_PLAN still needs its year row: a typo there is an error, not a guess', async () => {
  const bytes = await planWorkbook(4, 'ММО-4.xlsx', { header: { mmo: '№4', academicYear: '2022-2025' } });
  const c = consolidate({ entries: [okEntry(bytes)], now: NOW });
  expect(errorsOf(c).map((i) => i.field)).toEqual(['academicYear']);
  expect(c.sheets[0].templateId).toBe(MMO_PLAN.id);
  // Its periods are still checked against the year they name.
  expect(c.sheets[0].academicYear).toBe(2022);
});

describe('programmeKey', () => {
  it('groups spellings that differ in case, quotes, spaces, punctuation or a «ДПП»/«Программа» prefix', async () => {
    const { programmeKey } = await import('../src/engine/aggregate.js');
    const key = programmeKey('Функциональная грамотность');
    for (const spelling of [
      'ДПП «Функциональная грамотность»',
      'ДПП ПК "Функциональная грамотность"',
      'Программа «Функциональная  грамотность».',
      'Дополнительная профессиональная программа повышения квалификации «Функциональная грамотность»',
      'ФУНКЦИОНАЛЬНАЯ ГРАМОТНОСТЬ',
    ]) {
      expect(programmeKey(spelling)).toBe(key);
    }
    expect(programmeKey('Функциональная грамотность: математика')).not.toBe(key);
    expect(programmeKey('Программа')).toBe('программа');
  });
});
