/**
 * The five forms added as definitions only: each is filled as a user would (the generated .xlsx),
 * consolidated by the engine, written to the regional workbook and read back from the file, and the
 * numbers a person would look at are checked there.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatIssue,
  itemNumber,
  sheetLayout,
  type CellValue,
  type ItemDef,
  type ItemsTemplate,
} from '@mmo/shared';
import {
  JOINT_ACTIVITY_DIRECTIONS,
  LESSON_OBSERVATION,
  METHODIST_PLAN,
  PROPOSALS,
  ROADMAP,
  SELF_DIAGNOSTICS_MUNICIPAL,
  SELF_DIAGNOSTICS_REGIONAL,
} from '@mmo/templates';
import { readWorkbookGrids, type TemplateFill } from '@mmo/templates/xlsx';
import { consolidate } from '../src/engine/consolidate.js';
import type { Consolidation, SourceWorkbook } from '../src/model.js';
import { dashboardModel } from '../src/dashboard/model.js';
import { dashboardPage } from '../src/dashboard/page.js';
import { regionalSheets } from '../src/output/regional-sheets.js';
import { writeRegionalXlsx } from '../src/output/xlsx-writer.js';
import { gridsXlsx } from './fixtures/handbook.js';
import { okEntry, templateWorkbook, workbookOf } from './fixtures/workbooks.js';

/** Mid-January: terms up to December 2022 are over, spring 2023 is still ahead. */
const NOW = new Date('2023-01-15T10:00:00Z');
const YEAR = '2022-2023';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmo-forms-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function region(workbooks: readonly SourceWorkbook[]): Consolidation {
  return consolidate({ entries: workbooks.map(okEntry), now: NOW });
}

type Row = Readonly<Record<string, CellValue>>;

/** The regional workbook as РМЦ opens it: written to .xlsx, read back, each sheet as rows by header. */
async function regionalFile(
  c: Consolidation,
  canSeePersonal = true,
): Promise<{ names: string[]; sheet: (name: string) => Row[]; text: string }> {
  const path = join(dir, `regional-${Math.random().toString(36).slice(2)}.xlsx`);
  await writeRegionalXlsx(regionalSheets(c, null, { canSeePersonal }), path);
  const grids = await readWorkbookGrids(await readFile(path));
  const sheet = (name: string): Row[] => {
    const g = grids.find((x) => x.name === name);
    if (!g) throw new Error(`no sheet «${name}»`);
    const [head, ...rows] = g.grid;
    return rows.map((r) => Object.fromEntries(head.map((h, i) => [String(h), r[i] ?? null])));
  };
  return { names: grids.map((g) => g.name), sheet, text: JSON.stringify(grids.map((g) => g.grid)) };
}

const errorsOf = (c: Consolidation) => c.issues.filter((i) => i.severity === 'error');

/** The sheet row of an item in a generated items template. */
function itemRow(template: ItemsTemplate, id: string): number {
  return sheetLayout(template).items.find((i) => i.item.id === id)!.row;
}

function answerable(template: ItemsTemplate) {
  return template.items.filter((i) => !i.isGroup);
}

describe('Предложения к плану совместной деятельности (Приложение №4)', () => {
  it('lists every proposal per ММО beside the plans, its term parsed like the plan', async () => {
    const direction = JOINT_ACTIVITY_DIRECTIONS[2];
    const gorny: TemplateFill = {
      header: { mmo: '№4', academicYear: YEAR },
      rows: [
        {
          municipality: 'Гунибский',
          direction,
          title: 'Группа методистов ММО в мессенджере',
          participants: 'Методисты',
          period: 'Октябрь, 2022',
          responsible: 'Руководитель ММС',
        },
        // The seed's own lower-case wording is the same choice.
        {
          municipality: 'Хунзахский',
          direction: direction.toLowerCase(),
          title: 'Методический тур «Муниципалитет-муниципалитету»',
          participants: 'Руководители ОО, методисты',
          period: 'Март-апрель, 2023',
        },
      ],
    };
    const andi: TemplateFill = {
      header: { mmo: '№1', academicYear: YEAR },
      rows: [
        {
          municipality: 'Ботлихский',
          direction: 'Окружные олимпиады',
          title: 'Окружная олимпиада по математике',
          participants: 'Обучающиеся',
          period: 'В течение года',
        },
      ],
    };
    const c = region([
      await templateWorkbook(PROPOSALS, gorny, 'ММО-4 Предложения.xlsx'),
      await templateWorkbook(PROPOSALS, andi, 'ММО-1 Предложения.xlsx'),
    ]);
    expect(c.sheets.map((s) => [s.templateId, s.mmo, s.records.length])).toEqual([
      ['proposals', 4, 2],
      ['proposals', 1, 1],
    ]);
    expect(errorsOf(c)).toEqual([]);
    // A direction of one's own is kept, with a Russian hint.
    expect(c.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^значения «Окружные олимпиады» нет в списке/),
    ]);

    const file = await regionalFile(c);
    expect(file.names.indexOf('Предложения')).toBe(file.names.indexOf('План с РМЦ') + 1);
    const rows = file.sheet('Предложения');
    expect(rows.map((r) => [r['ММО'], r['Муниципалитет'], r['Предлагаемое мероприятие']])).toEqual([
      ['№1. Андийский межмуниципальный методический округ', 'Ботлихский', 'Окружная олимпиада по математике'],
      ['№4. Горный', 'Гунибский', 'Группа методистов ММО в мессенджере'],
      ['№4. Горный', 'Хунзахский', 'Методический тур «Муниципалитет-муниципалитету»'],
    ]);
    expect(rows[1]).toMatchObject({
      'Направление совместной деятельности': direction,
      Участники: 'Методисты',
      'Сроки проведения (как написано)': 'Октябрь, 2022',
      'Первый месяц': 'Октябрь 2022',
      'Вид срока': 'месяц',
      Ответственный: 'Руководитель ММС',
      Источник: 'ММО-4 Предложения.xlsx',
    });
    expect(rows[2]).toMatchObject({
      'Первый месяц': 'Март 2023',
      'Последний месяц': 'Апрель 2023',
      'Вид срока': 'период',
    });
    expect(rows[0]['Вид срока']).toBe('в течение года');
  });
});

describe('Индивидуальный план методиста', () => {
  const fill: TemplateFill = {
    header: {
      mmo: '№4',
      municipality: 'Гунибский',
      methodist: 'Алиева Патимат Магомедовна',
      academicYear: YEAR,
    },
    rows: [
      { no: 'I', title: 'I. Организационно-планируемая деятельность' },
      {
        no: '1.1',
        title: 'Разработка плана работы на 2022-2023 учебный год',
        period: 'Август',
        completion: 'Выполнено',
      },
      { no: '1.2.', title: 'Уточнение перечня своих функциональных обязанностей', period: 'Август-сентябрь' },
      {
        title:
          'II. Деятельность по реализации ключевой методической темы года в муниципальных образовательных организациях',
      },
      { no: '2.1', title: 'Разработка плана работы по Единой методической теме', period: 'Сентябрь' },
      // An activity without its term: the one error of the sheet.
      { no: '2.2.', title: 'Организация выездов в образовательные организации' },
    ],
  };

  it('keeps section headings in place, wants a date of every activity, parses the terms', async () => {
    const c = region([await templateWorkbook(METHODIST_PLAN, fill, 'ММО-4 План методиста.xlsx')]);
    const errors = errorsOf(c);
    expect(errors).toHaveLength(1);
    const row = sheetLayout(METHODIST_PLAN).firstDataRow + 5;
    expect(formatIssue(errors[0])).toBe(
      `Файл «ММО-4 План методиста.xlsx», лист «План методиста», строка ${row}, столбец C «Дата выполнения»: заполните «Дата выполнения» — это обязательное поле`,
    );
    expect(c.issues.filter((i) => i.severity === 'warning')).toEqual([]);

    const file = await regionalFile(c);
    expect(file.names.indexOf('Планы методистов')).toBeGreaterThan(file.names.indexOf('План с РМЦ'));
    const rows = file.sheet('Планы методистов');
    expect(
      rows.map((r) => [r['№ п/п'], r['Наименование мероприятия'], r['Дата выполнения (как написано)']]),
    ).toEqual([
      ['I', 'I. Организационно-планируемая деятельность', null],
      ['1.1', 'Разработка плана работы на 2022-2023 учебный год', 'Август'],
      ['1.2.', 'Уточнение перечня своих функциональных обязанностей', 'Август-сентябрь'],
      [
        null,
        'II. Деятельность по реализации ключевой методической темы года в муниципальных образовательных организациях',
        null,
      ],
      ['2.1', 'Разработка плана работы по Единой методической теме', 'Сентябрь'],
    ]);
    expect(rows[0]).toMatchObject({ 'Первый месяц': null, 'Вид срока': null });
    expect(rows[2]).toMatchObject({
      'Первый месяц': 'Август 2022',
      'Последний месяц': 'Сентябрь 2022',
      'Вид срока': 'период',
    });
    expect(rows[1]).toMatchObject({
      ММО: '№4. Горный',
      Муниципалитет: 'Гунибский',
      'ФИО методиста': 'Алиева Патимат Магомедовна',
      'Отметка о выполнении /причина невыполнения': 'Выполнено',
    });
  });

  it('shows the methodist only to those who may see personal data', async () => {
    const c = region([await templateWorkbook(METHODIST_PLAN, fill, 'ММО-4 План методиста.xlsx')]);
    const file = await regionalFile(c, false);
    expect(Object.keys(file.sheet('Планы методистов')[0])).not.toContain('ФИО методиста');
    expect(file.text).not.toContain('Алиева');
  });
});

describe('Лист наблюдения урока/занятия', () => {
  const ids = answerable(LESSON_OBSERVATION).map((i) => i.id);
  /** Every criterion at its maximum but 1.1, which the observer gave 1: 43 of the 44 the rows add up to. */
  const full = Object.fromEntries(
    ids.map((id) => [id, { score: id === '1.1' ? 1 : id.startsWith('6.') ? 1 : 2 }]),
  );

  it('averages every criterion per ММО, sums each lesson and names its level; a score off the scale is an error', async () => {
    const header = (municipality: string, organisation: string) => ({
      mmo: '№4',
      municipality,
      organisation,
      observedOn: new Date(Date.UTC(2022, 11, 20)),
      grade: '7 «Б»',
      subject: 'Математика',
    });
    const a = await templateWorkbook(
      LESSON_OBSERVATION,
      { header: header('Гунибский', 'МКОУ «Гунибская СОШ»'), answers: full },
      'ММО-4 Наблюдение 1.xlsx',
    );
    const b = await templateWorkbook(
      LESSON_OBSERVATION,
      {
        header: header('Хунзахский', 'МКОУ «Хунзахская СОШ №1»'),
        answers: {
          '1.1': { score: 2 },
          '1.2': { score: 0 },
          '6.1': { score: 1, comment: 'Задача из жизни села' },
        },
      },
      'ММО-4 Наблюдение 2.xlsx',
    );
    const other = await templateWorkbook(
      LESSON_OBSERVATION,
      {
        header: { ...header('Ботлихский', 'МКОУ «Ботлихская СОШ №1»'), mmo: '№1' },
        answers: { '1.1': { score: 0 }, '6.2': { score: 2 } },
      },
      'ММО-1 Наблюдение.xlsx',
    );
    const c = region([a, b, other]);
    const errors = errorsOf(c);
    expect(errors.map(formatIssue)).toEqual([
      `Файл «ММО-1 Наблюдение.xlsx», лист «Наблюдение урока», строка ${itemRow(LESSON_OBSERVATION, '6.2')}, столбец C «Балл»: число должно быть не больше 1, а здесь 2`,
    ]);

    const file = await regionalFile(c);
    const means = file.sheet('Наблюдение уроков');
    const mean = (id: string, mmo: string) => means.find((r) => r['№'] === id && r['ММО'] === mmo);
    expect(mean('1.1', '№4. Горный')).toMatchObject({
      Раздел: 'Раздел 1. Целеполагание',
      'Критерии оценки': LESSON_OBSERVATION.items[1].text,
      'Ответов (листов)': 2,
      'Среднее «Балл»': 1.5,
      Максимум: 2,
    });
    expect(mean('1.2', '№4. Горный')).toMatchObject({ 'Ответов (листов)': 2, 'Среднее «Балл»': 1 });
    expect(mean('6.1', '№4. Горный')).toMatchObject({
      Раздел: 'Правильно подобрана (составлена) задача, формирующая ФГ:',
      'Среднее «Балл»': 1,
      Максимум: 1,
    });
    expect(mean('1.1', '№1. Андийский межмуниципальный методический округ')).toMatchObject({
      'Ответов (листов)': 1,
      'Среднее «Балл»': 0,
    });
    // The rejected row is not averaged.
    expect(mean('6.2', '№1. Андийский межмуниципальный методический округ')).toBeUndefined();

    const levels = file.sheet('Наблюдение уроков — уровни');
    expect(
      levels.map((r) => [
        r['ММО'],
        r['Образовательная организация'],
        r['Оценено пунктов'],
        r['Сумма «Балл»'],
        r['Из'],
        r['Уровень'],
      ]),
    ).toEqual([
      ['№1. Андийский межмуниципальный методический округ', 'МКОУ «Ботлихская СОШ №1»', 1, 0, 43, 'низкий'],
      ['№4. Горный', 'МКОУ «Гунибская СОШ»', 26, 43, 43, 'высокий'],
      ['№4. Горный', 'МКОУ «Хунзахская СОШ №1»', 3, 3, 43, 'низкий'],
    ]);
    expect(levels[1]['Дата наблюдения']).toEqual(new Date(Date.UTC(2022, 11, 20)));
  });
});

describe('Самодиагностика', () => {
  it('shows the share of «Да» per component: the region without an ММО, municipalities per ММО', async () => {
    const regional = await templateWorkbook(
      SELF_DIAGNOSTICS_REGIONAL,
      {
        header: { academicYear: YEAR },
        answers: {
          '1': { presence: 'Да' },
          '2': { presence: 'Да' },
          '3': { presence: 'Частично' },
          '4': { presence: 'Нет' },
        },
      },
      'РМЦ Самодиагностика.xlsx',
    );
    const municipal = (municipality: string, presence: string) =>
      templateWorkbook(
        SELF_DIAGNOSTICS_MUNICIPAL,
        { header: { mmo: '№4', municipality, academicYear: YEAR }, answers: { '1': { presence } } },
        `ММО-4 ${municipality}.xlsx`,
      );
    const c = region([regional, await municipal('Гунибский', 'Да'), await municipal('Хунзахский', 'Нет')]);
    expect(errorsOf(c)).toEqual([]);
    expect(c.sheets.find((s) => s.templateId === SELF_DIAGNOSTICS_REGIONAL.id)?.mmo).toBeNull();

    const file = await regionalFile(c);
    const region_ = file.sheet('Самодиагностика региона');
    expect(Object.keys(region_[0])).not.toContain('ММО');
    expect(
      region_.map((r) => [r['№'], r['Ответов'], r['Да'], r['Частично'], r['Нет'], r['Доля «Да», %']]),
    ).toEqual([
      ['1', 1, 1, 0, 0, 100],
      ['2', 1, 1, 0, 0, 100],
      ['3', 1, 0, 1, 0, 0],
      ['4', 1, 0, 0, 1, 0],
    ]);
    expect(file.sheet('Самодиагностика муниципалитетов')).toEqual([
      expect.objectContaining({ '№': '1', ММО: '№4. Горный', Ответов: 2, Да: 1, Нет: 1, 'Доля «Да», %': 50 }),
    ]);
  });
});

describe('Дорожная карта наставничества', () => {
  const items = answerable(ROADMAP);
  /** Half done, the rest in work, not started or blank; two terms over by mid-January, one ahead. */
  function halfDone(): TemplateFill['answers'] {
    return Object.fromEntries(
      items.map((item, i) => {
        const status = i < 11 ? 'выполнено' : i < 17 ? 'в работе' : i < 20 ? 'не начато' : null;
        const period =
          i < 11
            ? 'Сентябрь, 2022'
            : i === 11
              ? 'Ноябрь, 2022'
              : i === 12
                ? 'Май, 2023'
                : i === 17
                  ? 'В течение года'
                  : i === 20
                    ? 'Декабрь, 2022'
                    : null;
        return [item.id, { period, executors: i < 11 ? 'Управление образования' : null, status }];
      }),
    );
  }
  const header = (mmo: string, municipality: string) => ({ mmo, municipality, academicYear: YEAR });

  it('shows the share done per municipality and ММО, and the overdue items with their terms', async () => {
    const allDone = Object.fromEntries(items.map((item) => [item.id, { status: 'выполнено' }]));
    const c = region([
      await templateWorkbook(
        ROADMAP,
        { header: header('№4', 'Гунибский'), answers: halfDone() },
        'ММО-4 Гунибский ДК.xlsx',
      ),
      await templateWorkbook(
        ROADMAP,
        { header: header('№4', 'Хунзахский'), answers: allDone },
        'ММО-4 Хунзахский ДК.xlsx',
      ),
      await templateWorkbook(
        ROADMAP,
        { header: header('№1', 'Ботлихский'), answers: {} },
        'ММО-1 Ботлихский ДК.xlsx',
      ),
    ]);
    expect(errorsOf(c)).toEqual([]);

    const file = await regionalFile(c);
    const shares = file.sheet('Дорожная карта — выполнение');
    expect(
      shares.map((r) => [
        r['ММО'],
        r['Муниципалитет'],
        r['Пунктов'],
        r['выполнено'],
        r['в работе'],
        r['не начато'],
        r['Без отметки'],
        r['Доля «выполнено», %'],
      ]),
    ).toEqual([
      ['№1. Андийский межмуниципальный методический округ', 'Ботлихский', 22, 0, 0, 0, 22, 0],
      ['№1. Андийский межмуниципальный методический округ', 'Итого по ММО', 22, 0, 0, 0, 22, 0],
      ['№4. Горный', 'Гунибский', 22, 11, 6, 3, 2, 50],
      ['№4. Горный', 'Хунзахский', 22, 22, 0, 0, 0, 100],
      ['№4. Горный', 'Итого по ММО', 44, 33, 6, 3, 2, 75],
      ['Все ММО', 'Всего по региону', 66, 33, 6, 3, 24, 50],
    ]);

    const overdue = file.sheet('Дорожная карта — просрочено');
    expect(
      overdue.map((r) => [
        r['Муниципалитет'],
        r['№'],
        r['Сроки (как написано)'],
        r['Срок истёк'],
        r['Статус'],
      ]),
    ).toEqual([
      ['Гунибский', itemNumber(items[11]), 'Ноябрь, 2022', 'Ноябрь 2022', 'в работе'],
      ['Гунибский', itemNumber(items[20]), 'Декабрь, 2022', 'Декабрь 2022', 'нет отметки'],
    ]);
    expect(overdue[0]).toMatchObject({
      'Содержание деятельности/разделы': items[11].text,
      Строка: itemRow(ROADMAP, items[11].id),
      Источник: 'ММО-4 Гунибский ДК.xlsx',
    });
  });

  it('shows the share done per ММО and the overdue items on the dashboard, escaped', async () => {
    const c = region([
      await templateWorkbook(
        ROADMAP,
        { header: header('№4', '<b>Гуниб</b>'), answers: halfDone() },
        'ММО-4 Гунибский ДК.xlsx',
      ),
      await templateWorkbook(
        ROADMAP,
        {
          header: header('№4', 'Хунзахский'),
          answers: Object.fromEntries(items.map((i) => [i.id, { status: 'выполнено' }])),
        },
        'ММО-4 Хунзахский ДК.xlsx',
      ),
    ]);
    const model = dashboardModel(
      { run: null, consolidation: c, previous: null, changes: null },
      { running: false, nextSyncAt: null, now: NOW },
    );
    expect(model.views.map((v) => [v.kind, v.title])).toEqual([
      ['statusShare', 'Дорожная карта — выполнение'],
      ['overdue', 'Дорожная карта — просрочено'],
    ]);
    const page = String(await dashboardPage(model, { timeZone: 'Europe/Moscow', nonce: 'n' }));
    const section = page.slice(
      page.indexOf('id="views"'),
      page.indexOf('</section>', page.indexOf('id="views"')),
    );
    expect(section).toContain('Дорожные карты и чек-листы');
    expect(section).toMatch(
      /ММО №4 «Горный»<\/td>\s*<td class="num">2<\/td><td class="num">33 из 44<\/td>\s*<td class="num">75 %<\/td>/,
    );
    expect(section).toContain('Дорожная карта — просрочено: 2');
    expect(section).toContain(`${itemNumber(items[11])} ${items[11].text}`);
    expect(section).toContain('Ноябрь, 2022');
    expect(section).toContain('&lt;b&gt;Гуниб&lt;/b&gt;');
    expect(section).not.toContain('<b>Гуниб');
  });

  it('reads a roadmap pasted from the document: title line, its own column order, extra columns, blanks filled in', async () => {
    const grid: CellValue[][] = [
      [`${ROADMAP.title} Гунибского района`],
      ['Межмуниципальный методический округ: №4. Горный'],
      ['Муниципалитет', null, 'Гунибский'],
      ['Учебный год: 2022-2023'],
      [],
      [
        'N',
        'Содержание деятельности/разделы',
        'Сроки',
        'Исполнители',
        'Ожидаемые результаты',
        'Статус',
        'Примечание РМЦ',
      ],
      ['1', '2', '3', '4', '5', '6', '7'],
      ...ROADMAP.items.map((item: ItemDef): CellValue[] =>
        item.isGroup
          ? [itemNumber(item), item.text]
          : [
              item.id,
              item.text.replace(/_{3,}/, 'Гунибского района'),
              item.id === '1.1.' ? 'Октябрь, 2022' : null,
              'УО Гунибского района',
              item.info?.expected ?? null,
              item.id === '1.1.' ? 'Выполнено' : 'в работе',
              'проверено',
            ],
      ),
    ];
    const workbook = await workbookOf(
      'ММО-4 Гунибский дорожная карта.xlsx',
      await gridsXlsx({ Лист1: grid }),
    );
    const c = region([workbook]);
    expect(c.sheets.map((s) => [s.templateId, s.mmo, s.records.length])).toEqual([[ROADMAP.id, 4, 22]]);
    expect(c.issues).toEqual([]);
    const shares = (await regionalFile(c)).sheet('Дорожная карта — выполнение');
    expect(shares[0]).toMatchObject({
      Муниципалитет: 'Гунибский',
      выполнено: 1,
      'в работе': 21,
      'Доля «выполнено», %': 4.5,
    });
  });

  it('rejects a status not in the list, naming the row and the column in Russian', async () => {
    // «сделано» would be read as «выполнено» (a synonym); «отложено» is no status at all.
    const answers = { [items[1].id]: { status: 'отложено' }, [items[0].id]: { status: 'выполнено' } };
    const c = region([
      await templateWorkbook(
        ROADMAP,
        { header: header('№4', 'Гунибский'), answers },
        'ММО-4 Гунибский ДК.xlsx',
      ),
    ]);
    const errors = errorsOf(c);
    expect(errors.map(formatIssue)).toEqual([
      `Файл «ММО-4 Гунибский ДК.xlsx», лист «Дорожная карта», строка ${itemRow(ROADMAP, items[1].id)}, столбец F «Статус»: «отложено» — не из списка; выберите одно из: «выполнено», «в работе», «не начато»`,
    ]);
    const shares = (await regionalFile(c)).sheet('Дорожная карта — выполнение');
    expect(shares[0]).toMatchObject({ выполнено: 1, 'Без отметки': 21, 'Доля «выполнено», %': 4.5 });
  });
});
