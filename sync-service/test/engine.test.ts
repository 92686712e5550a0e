import { describe, expect, it } from 'vitest';
import {
  TEMPLATES,
  JOINT_PLAN,
  MMO_PLAN,
  QUESTIONNAIRE_DOO,
  QUESTIONNAIRE_OO,
  QUESTIONNAIRE_DOD,
} from '@mmo/templates';
import { readWorkbookGrids, renderTemplateXlsx } from '@mmo/templates/xlsx';
import {
  consolidate,
  consolidateSource,
  finishConsolidation,
  partTotals,
} from '../src/engine/consolidate.js';
import { detectTemplate } from '../src/engine/detect-template.js';
import { planEvents } from '../src/engine/aggregate.js';
import type { Consolidation } from '../src/model.js';
import { gridsXlsx, handbookPlanXlsx, TYPED_DATE } from './fixtures/handbook.js';
import {
  failedEntry,
  jointWorkbook,
  okEntry,
  planWorkbook,
  seedRows,
  workbookOf,
} from './fixtures/workbooks.js';
import { SEED_PLANS } from '../src/seed/seed-region.js';

const NOW = new Date('2023-01-15T10:00:00Z');

function errors(c: Consolidation) {
  return c.issues.filter((i) => i.severity === 'error');
}

describe('detectTemplate', () => {
  it('recognises every generated template, also on a renamed tab', async () => {
    for (const template of TEMPLATES) {
      const grids = await readWorkbookGrids(await renderTemplateXlsx(template, {}));
      const sheet = grids.find((g) => g.name === template.sheetName)!;
      expect(detectTemplate({ name: sheet.name, grid: sheet.grid })?.template.id).toBe(template.id);
      expect(detectTemplate({ name: 'Лист1', grid: sheet.grid })?.template.id).toBe(template.id);
    }
  });

  it('tells the three questionnaires apart by their items when the title is gone', async () => {
    for (const template of [QUESTIONNAIRE_DOO, QUESTIONNAIRE_OO, QUESTIONNAIRE_DOD]) {
      const grids = await readWorkbookGrids(await renderTemplateXlsx(template, {}));
      const grid = grids.find((g) => g.name === template.sheetName)!.grid;
      // Keep the table only: header row and items, as when someone copies just the table.
      const headerRow = grid.findIndex((row) => row.some((c) => c === template.itemLabel));
      const detected = detectTemplate({ name: 'Лист1', grid: grid.slice(headerRow) });
      expect(detected?.template.id).toBe(template.id);
      expect(detected?.by).toContain('items');
    }
  });

  it('recognises the joint plan in an ММО file for what it is, and a handbook paste as a plan of an ММО', async () => {
    const joint = await jointWorkbook('ММО-4.xlsx');
    expect(detectTemplate(joint.sheets[0])?.template.id).toBe(JOINT_PLAN.id);
    const paste = await workbookOf('x.xlsx', (await handbookPlanXlsx()).bytes);
    const detected = detectTemplate(paste.sheets[0]);
    expect(detected?.template.id).toBe(MMO_PLAN.id);
    expect(detected?.read.headerRow).toBe(10);
  });

  it('returns null for a sheet that is no form', () => {
    expect(
      detectTemplate({ name: 'Заметки', grid: [['Позвонить в РМЦ'], ['Список дел', 'завтра']] }),
    ).toBeNull();
  });
});

describe('consolidate: source shapes', () => {
  it('reads the generated plan of every ММО with its ММО and year', async () => {
    const entries = await Promise.all(
      SEED_PLANS.districts.map(async (d) => okEntry(await planWorkbook(d.no))),
    );
    const c = consolidate({ entries, now: NOW });
    expect(c.academicYear).toBe(2022);
    expect(c.sheets.map((s) => [s.templateId, s.mmo, s.records.length])).toEqual(
      SEED_PLANS.districts.map((d) => ['mmo-plan', d.no, d.events.length]),
    );
    expect(c.issues).toEqual([]);
  });

  it('reads a plan pasted from the handbook: title line, list, header on row 10, extra column, empty rows, merged period, a real date', async () => {
    const fixture = await handbookPlanXlsx();
    const c = consolidate({ entries: [okEntry(await workbookOf('plan.xlsx', fixture.bytes))], now: NOW });
    expect(errors(c)).toEqual([]);
    const [sheet] = c.sheets;
    expect(sheet.templateId).toBe(MMO_PLAN.id);
    expect(sheet.mmo).toBe(5);
    expect(sheet.records.map((r) => r.row)).toEqual(fixture.events.map((e) => e.row));
    expect(sheet.records.map((r) => r.values.title)).toEqual(fixture.events.map((e) => e.title));
    // The merged «Август-сентябрь» belongs to both events under it.
    expect(sheet.records[0].raw.period).toBe('Август-сентябрь');
    expect(sheet.records[1].raw.period).toBe('Август-сентябрь');
    // The typed date stays a date and reads as its month.
    expect(sheet.records[2].raw.period).toBeInstanceOf(Date);
    expect((sheet.records[2].raw.period as Date).getTime()).toBe(TYPED_DATE.getTime());
    const events = planEvents(c);
    expect(events[2].period.months).toEqual(['2022-11']);
    expect(events[0].period.months).toEqual(['2022-08', '2022-09']);
    // The extra «Примечание» column is not a field.
    expect(Object.keys(sheet.records[0].raw)).not.toContain('note');
  });

  it('reads headers in another case and order, with line breaks', async () => {
    const fixture = await handbookPlanXlsx({ shuffledHeaders: true });
    const c = consolidate({ entries: [okEntry(await workbookOf('plan.xlsx', fixture.bytes))], now: NOW });
    expect(errors(c)).toEqual([]);
    const records = c.sheets[0].records;
    expect(records).toHaveLength(fixture.events.length);
    expect(records.map((r) => [r.raw.title, r.raw.participants, r.raw.place])).toEqual(
      fixture.events.map((e) => [e.title, e.participants, e.place]),
    );
  });

  it('takes the year of a pasted plan from its title, else from the run', async () => {
    const titled = await handbookPlanXlsx({
      documentTitle: 'ПЛАН работы муниципалитетов в составе ММО на 2023-2024 учебный год',
    });
    const plain = await handbookPlanXlsx({ district: 3 });
    const c = consolidate({
      entries: [
        okEntry(await workbookOf('a.xlsx', titled.bytes)),
        okEntry(await workbookOf('b.xlsx', plain.bytes)),
        okEntry(await planWorkbook(4)),
        okEntry(await planWorkbook(6)),
      ],
      now: NOW,
    });
    // The year most sheets name.
    expect(c.academicYear).toBe(2022);
    expect(c.sheets.map((s) => s.academicYear)).toEqual([2023, 2022, 2022, 2022]);
    // No «fill in the year» error for a paste: the year is known.
    expect(c.issues.filter((i) => i.field === 'academicYear' && i.severity === 'error')).toEqual([]);
  });
});

describe('consolidate: which ММО', () => {
  it('from the header block, whatever the file is called', async () => {
    const c = consolidate({ entries: [okEntry(await planWorkbook(4, 'plan.xlsx'))], now: NOW });
    expect(c.sheets[0].mmo).toBe(4);
    expect(c.sources[0].mmo).toBe(4);
  });

  it('from the title line «№5. «Прорыв».»', async () => {
    const c = consolidate({
      entries: [okEntry(await workbookOf('plan.xlsx', (await handbookPlanXlsx()).bytes))],
      now: NOW,
    });
    expect(c.sheets[0].mmo).toBe(5);
  });

  it('from the file name', async () => {
    for (const name of ['ММО-5.xlsx', 'mmo5_plan.xlsx', 'Прорыв.xlsx', 'План ММО «Прорыв».xlsx']) {
      const c = consolidate({
        entries: [
          okEntry(await workbookOf(name, (await handbookPlanXlsx({ withoutTitleLine: true })).bytes)),
        ],
        now: NOW,
      });
      expect(c.sheets[0].mmo, name).toBe(5);
      expect(errors(c), name).toEqual([]);
    }
  });

  it('says so when nothing names the ММО, and keeps the rows', async () => {
    const c = consolidate({
      entries: [
        okEntry(await workbookOf('plan.xlsx', (await handbookPlanXlsx({ withoutTitleLine: true })).bytes)),
      ],
      now: NOW,
    });
    expect(c.sheets[0].mmo).toBeNull();
    expect(c.sheets[0].records).toHaveLength(9);
    expect(errors(c).map((i) => i.message)).toEqual([
      'Не удалось определить ММО: укажите округ в шапке листа («Межмуниципальный методический округ») или в имени файла',
    ]);
    expect(errors(c)[0]).toMatchObject({ file: 'plan.xlsx', sheet: 'Лист1', mmo: null });
  });

  it('warns when the header contradicts the file name, and believes the header', async () => {
    const c = consolidate({ entries: [okEntry(await planWorkbook(4, 'ММО-3.xlsx'))], now: NOW });
    expect(c.sheets[0].mmo).toBe(4);
    const warning = c.issues.find((i) => i.severity === 'warning')!;
    expect(warning.message).toContain('ММО №4');
    expect(warning.message).toContain('ММО №3');
    expect(warning).toMatchObject({ file: 'ММО-3.xlsx', sheet: MMO_PLAN.sheetName, mmo: 4 });
  });

  it('keeps both plans of one ММО from two sources, with a warning on each', async () => {
    const c = consolidate({
      entries: [okEntry(await planWorkbook(4, 'ММО-4.xlsx')), okEntry(await planWorkbook(4, 'Горный.xlsx'))],
      now: NOW,
    });
    expect(c.sheets).toHaveLength(2);
    const warnings = c.issues.filter((i) => i.message.startsWith('План ММО №4 пришёл из двух источников'));
    expect(warnings.map((w) => w.file)).toEqual(['ММО-4.xlsx', 'Горный.xlsx']);
    expect(warnings[0].message).toContain('«ММО-4.xlsx», «Горный.xlsx»');
  });
});

describe('consolidate: broken and odd sources', () => {
  it('reports a failed source and an empty workbook, and consolidates the others', async () => {
    const empty = { id: 'пусто.xlsx', name: 'пусто.xlsx', districtHint: null, revision: 'x', sheets: [] };
    const c = consolidate({
      entries: [
        failedEntry('ММО-2.xlsx', 'Файл повреждён или это не .xlsx: «ММО-2.xlsx»', 2),
        okEntry(empty),
        okEntry(await planWorkbook(4)),
      ],
      now: NOW,
    });
    expect(c.sources.map((s) => s.status)).toEqual(['failed', 'ok', 'ok']);
    expect(c.sheets.map((s) => s.mmo)).toEqual([4]);
    expect(errors(c).map((i) => [i.file, i.message])).toEqual([
      ['ММО-2.xlsx', 'Файл повреждён или это не .xlsx: «ММО-2.xlsx»'],
      ['пусто.xlsx', 'в файле нет листов с данными'],
    ]);
    expect(errors(c)[0].mmo).toBe(2);
  });

  it('names a sheet that matches no form and skips the template helper tabs', async () => {
    const plan = await planWorkbook(4);
    const notes = { name: 'Заметки', grid: [['Позвонить в РМЦ до пятницы']] };
    const c = consolidate({ entries: [okEntry({ ...plan, sheets: [...plan.sheets, notes] })], now: NOW });
    expect(plan.sheets.map((s) => s.name)).toContain('Инструкция');
    expect(c.sheets).toHaveLength(1);
    expect(c.issues).toHaveLength(1);
    expect(c.issues[0]).toMatchObject({ severity: 'warning', sheet: 'Заметки', file: 'ММО-4.xlsx' });
    expect(c.issues[0].message).toContain('«Заметки»');
  });

  it('places a bad row with file, sheet, row, column and ММО, and keeps the good rows', async () => {
    const rows = seedRows(4);
    rows[2] = { ...rows[2], title: null };
    const c = consolidate({ entries: [okEntry(await planWorkbook(4, 'ММО-4.xlsx', { rows }))], now: NOW });
    expect(c.sheets[0].records).toHaveLength(7);
    expect(c.sheets[0].rejectedRows).toBe(1);
    expect(errors(c)).toHaveLength(1);
    expect(errors(c)[0]).toMatchObject({
      file: 'ММО-4.xlsx',
      sheet: 'План ММО',
      mmo: 4,
      column: 'B',
      columnLabel: 'Название мероприятия',
    });
    expect(errors(c)[0].row).toBe(c.sheets[0].records[2].row - 1);
  });

  it('a workbook of unrecognised sheets only is an error of its source', async () => {
    const wb = await workbookOf('отчёт.xlsx', await gridsXlsx({ Отчёт: [['Итоги года'], ['Всё хорошо']] }));
    const c = consolidate({ entries: [okEntry(wb)], now: NOW });
    expect(errors(c)[0].message).toContain('не найдено ни одной формы');
  });
});

describe('consolidate: the year of the run', () => {
  it('is the given year, else the sheets’ year, else the current academic year', async () => {
    const plan = okEntry(await planWorkbook(4));
    expect(consolidate({ entries: [plan], academicYear: 2024, now: NOW }).academicYear).toBe(2024);
    expect(consolidate({ entries: [plan], now: NOW }).academicYear).toBe(2022);
    expect(consolidate({ entries: [], now: NOW }).academicYear).toBe(2022);
  });

  it('source by source gives the same result as all at once (progress output)', async () => {
    const entries = [
      okEntry(await planWorkbook(1)),
      okEntry(await workbookOf('x.xlsx', (await handbookPlanXlsx({ district: 3 })).bytes)),
      okEntry(await jointWorkbook()),
    ];
    const parts = entries.map((e) => consolidateSource(e));
    expect(parts.map((p) => partTotals(p).rows)).toEqual([12, 15, 10]);
    const a = finishConsolidation(parts, { now: NOW });
    const b = consolidate({ entries, now: NOW });
    expect(a).toEqual(b);
    expect(a.sheets[1].academicYear).toBe(2022);
  });
});
