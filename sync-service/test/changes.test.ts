import { beforeAll, describe, expect, it } from 'vitest';
import type { CellValue } from '@mmo/shared';
import { APPLICATION, QUESTIONNAIRE_OO } from '@mmo/templates';
import { consolidate } from '../src/engine/consolidate.js';
import { cellAsText, diffConsolidations } from '../src/engine/changes.js';
import type { Consolidation, SourceWorkbook } from '../src/model.js';
import { handbookPlanXlsx } from './fixtures/handbook.js';
import { okEntry, planWorkbook, templateWorkbook, workbookOf } from './fixtures/workbooks.js';

const NOW = new Date('2023-01-15T10:00:00Z');
const LATER = new Date('2023-01-16T10:00:00Z');

/** The workbook with its form sheet edited as a person would: rows of cells, 1-based like the sheet. */
function edited(wb: SourceWorkbook, sheetName: string, edit: (rows: CellValue[][]) => void): SourceWorkbook {
  return {
    ...wb,
    sheets: wb.sheets.map((s) => {
      if (s.name !== sheetName) return s;
      const rows = s.grid.map((r) => [...r]);
      edit(rows);
      return { ...s, grid: rows };
    }),
  };
}

function rowOf(rows: CellValue[][], title: string): CellValue[] {
  const row = rows.find((r) => r[1] === title);
  if (!row) throw new Error(`no row «${title}»`);
  return row;
}

const run = (wbs: SourceWorkbook[], now = NOW): Consolidation =>
  consolidate({ entries: wbs.map(okEntry), now });

let plan4: SourceWorkbook;
let plan5: SourceWorkbook;
beforeAll(async () => {
  plan4 = await planWorkbook(4);
  plan5 = await planWorkbook(5);
});

describe('diffConsolidations', () => {
  it('has nothing to compare on the first run, and nothing changed on the same data', () => {
    const c = run([plan4, plan5]);
    expect(diffConsolidations(null, c)).toEqual({ since: null, changes: [], summary: [] });
    const again = diffConsolidations(c, run([plan4, plan5], LATER));
    expect(again.changes).toEqual([]);
    expect(again.since).toBe(NOW.toISOString());
  });

  it('finds added, removed and changed events per ММО, field by field', () => {
    const prev = run([plan4, plan5]);
    const next4 = edited(plan4, 'План ММО', (rows) => {
      rowOf(rows, 'Олимпиада по предметам НРК')[4] = 'Гунибский район';
      // The period moved: still the same event.
      rowOf(rows, 'Фестиваль открытых уроков «Мастер-класс от мастера»')[3] = 'Ноябрь, 2022';
      const i = rows.indexOf(rowOf(rows, 'Установочное совещание по совместной деятельности в составе ММО'));
      rows[i] = rows[i].map(() => null);
      rows.push([9, 'Конкурс «Педагог года в ММО»', 'Педагоги', 'Май, 2023', 'Руководитель ММО']);
    });
    const changes = diffConsolidations(prev, run([next4, plan5], LATER));
    expect(changes.summary).toEqual([{ mmo: 4, added: 1, removed: 1, changed: 2 }]);
    expect(
      changes.changes.map((c) => [c.kind, c.title, c.fields.map((f) => [f.label, f.before, f.after])]),
    ).toEqual([
      [
        'changed',
        'Фестиваль открытых уроков «Мастер-класс от мастера» (Ноябрь, 2022)',
        [['Сроки проведения', 'Октябрь, 2022', 'Ноябрь, 2022']],
      ],
      [
        'changed',
        'Олимпиада по предметам НРК (Март, 2023)',
        [['Ответственный. Место проведения (район, ОО)', 'Унцукульский район', 'Гунибский район']],
      ],
      ['added', 'Конкурс «Педагог года в ММО» (Май, 2023)', []],
      ['removed', 'Установочное совещание по совместной деятельности в составе ММО (Сентябрь, 2022)', []],
    ]);
    expect(
      changes.changes.every((c) => c.mmo === 4 && c.templateId === 'mmo-plan' && c.source === 'ММО-4.xlsx'),
    ).toBe(true);
  });

  it('matches events by title and period, not by row: sorting the plan is no change', () => {
    const prev = run([plan4]);
    const sorted = edited(plan4, 'План ММО', (rows) => {
      const first = rows.findIndex((r) => r[0] === 1);
      const data = rows.splice(first, 8).reverse();
      rows.splice(first, 0, ...data);
    });
    expect(diffConsolidations(prev, run([sorted], LATER)).changes).toEqual([]);
  });

  it('treats a repeated event as two: removing one copy is one removal', () => {
    const twice = edited(plan4, 'План ММО', (rows) => {
      rows.push([...rowOf(rows, 'Олимпиада по предметам НРК')]);
    });
    const prev = run([twice]);
    const changes = diffConsolidations(prev, run([plan4], LATER));
    expect(changes.changes.map((c) => [c.kind, c.title])).toEqual([
      ['removed', 'Олимпиада по предметам НРК (Март, 2023)'],
    ]);
  });

  it('survives a JSON round trip of the previous consolidation (a typed date is still the same date)', async () => {
    const paste = await workbookOf('plan.xlsx', (await handbookPlanXlsx()).bytes);
    const prev = run([paste]);
    const stored = JSON.parse(JSON.stringify(prev)) as Consolidation;
    expect(diffConsolidations(stored, run([paste], LATER)).changes).toEqual([]);
    expect(cellAsText(new Date(Date.UTC(2022, 10, 17)))).toBe(cellAsText('2022-11-17T00:00:00.000Z'));
  });

  it('keys заявки by programme and trainee, and flags personal fields', async () => {
    const header = {
      mmo: '№4',
      contactName: 'Магомедова Патимат Расуловна',
      contactPhone: '8 928 123-45-67',
      contactEmail: 'mms@mail.ru',
      academicYear: '2022-2023',
    };
    const row = (programme: string, trainee: string, workplace: string) => ({
      programme,
      traineeName: trainee,
      traineeWorkplace: workplace,
    });
    const before = await templateWorkbook(
      APPLICATION,
      {
        header,
        rows: [
          row('Функциональная грамотность', 'Алиев Али', 'МКОУ «Гунибская СОШ»'),
          row('ФГОС', 'Алиев Али', 'МКОУ «Гунибская СОШ»'),
        ],
      },
      'заявка.xlsx',
    );
    const after = await templateWorkbook(
      APPLICATION,
      {
        header,
        rows: [
          row('Функциональная грамотность', 'Алиев Али', 'МКОУ «Хунзахская СОШ»'),
          row('ФГОС', 'Омаров Омар', 'МКОУ «Гунибская СОШ»'),
        ],
      },
      'заявка.xlsx',
    );
    const changes = diffConsolidations(run([before]), run([after], LATER));
    expect(changes.changes.map((c) => [c.kind, c.title, c.fields.map((f) => [f.field, f.personal])])).toEqual(
      [
        ['changed', 'Функциональная грамотность', [['traineeWorkplace', false]]],
        ['added', 'ФГОС', []],
        ['removed', 'ФГОС', []],
      ],
    );
  });

  it('keys questionnaire rows by item within their sheet', async () => {
    const header = {
      mmo: '№2',
      municipality: 'Ахтынский',
      organisation: 'МКОУ «Ахтынская СОШ №1»',
      position: 'учитель',
    };
    const first = await templateWorkbook(
      QUESTIONNAIRE_OO,
      { header, answers: { '2.1': { answer: 'Скорее нет, чем да' } } },
      'анкета.xlsx',
    );
    const second = await templateWorkbook(
      QUESTIONNAIRE_OO,
      {
        header,
        answers: {
          '2.1': { answer: 'Да. Хотелось бы получить помощь' },
          '2.2': { answer: 'Скорее да, чем нет' },
        },
      },
      'анкета.xlsx',
    );
    const changes = diffConsolidations(run([first]), run([second], LATER));
    expect(
      changes.changes.map((c) => [
        c.kind,
        c.title.slice(0, 6),
        c.fields.map((f) => [f.label, f.before, f.after]),
      ]),
    ).toEqual([
      ['changed', 'п. 2.1', [['Затруднения', 'Скорее нет, чем да', 'Да. Хотелось бы получить помощь']]],
      // Every item is a row of the form, answered or not: a first answer is a change of that row.
      ['changed', 'п. 2.2', [['Затруднения', '', 'Скорее да, чем нет']]],
    ]);
  });
});
