/**
 * The shared table of tricky questionnaire sheets (the seed's four-column layout, Google / Яндекс form
 * exports) through the consolidator: each written to a real .xlsx with its merged ranges, consolidated
 * beside normal files (a plan, a questionnaire made from our template), the regional workbook written
 * and read back. The add-on's «Проверить лист» classifies the same table the same way
 * (addon/src/check/tricky-sheets.test.ts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue, type CellValue } from '@mmo/shared';
import { DIFFICULTY_ANSWERS, QUESTIONNAIRE_DOO, TEMPLATES } from '@mmo/templates';
import { TRICKY_SHEETS, type TrickySheet } from '@mmo/templates/testing';
import { readWorkbookGrids } from '@mmo/templates/xlsx';
import { consolidate } from '../src/engine/consolidate.js';
import type { Consolidation } from '../src/model.js';
import { regionalSheets } from '../src/output/regional-sheets.js';
import { writeRegionalXlsx } from '../src/output/xlsx-writer.js';
import { okEntry, planWorkbook, seedRows, templateWorkbook, workbookOf } from './fixtures/workbooks.js';

const NOW = new Date('2026-12-02T10:00:00Z');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmo-tricky-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The sheet as a person saves it from Excel: values in the top-left cells, ranges merged. */
async function trickyXlsx(sheet: TrickySheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet(sheet.tab);
  sheet.rows.forEach((row, r) =>
    row.forEach((v, c) => v !== null && (ws.getCell(r + 1, c + 1).value = v as ExcelJS.CellValue)),
  );
  for (const [r0, c0, r1, c1] of sheet.merges) ws.mergeCells(r0, c0, r1, c1);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const fileOf = (i: number) => `анкеты-${i + 1}.xlsx`;

type Row = Readonly<Record<string, CellValue>>;

async function regionalFile(c: Consolidation): Promise<(name: string) => Row[]> {
  const path = join(dir, 'regional.xlsx');
  await writeRegionalXlsx(regionalSheets(c, null, { canSeePersonal: false }), path);
  const grids = await readWorkbookGrids(await readFile(path));
  return (name) => {
    const [head, ...rows] = grids.find((g) => g.name === name)!.grid;
    return rows.map((r) => Object.fromEntries(head.map((h, i) => [String(h), r[i] ?? null])));
  };
}

describe('the consolidator on the shared table of tricky sheets', () => {
  let c: Consolidation;
  let sheet: (name: string) => Row[];
  /** Our own template, filled the usual way, in ММО №4 beside the seed layouts. */
  const ownAnswers = { '1.1': DIFFICULTY_ANSWERS[3], '1.2': DIFFICULTY_ANSWERS[0] };

  beforeAll(async () => {
    const tricky = await Promise.all(
      TRICKY_SHEETS.map(async (s, i) => workbookOf(fileOf(i), await trickyXlsx(s), s.mmo)),
    );
    const own = await templateWorkbook(
      QUESTIONNAIRE_DOO,
      {
        header: {
          mmo: '№4',
          municipality: 'Гунибский район',
          organisation: 'МКДОУ «Детский сад «Контрольный»»',
          position: 'воспитатель',
        },
        answers: Object.fromEntries(Object.entries(ownAnswers).map(([id, a]) => [id, { answer: a }])),
      },
      'ММО-4 анкета.xlsx',
      4,
    );
    c = consolidate({ entries: [await planWorkbook(4), own, ...tricky].map(okEntry), now: NOW });
    sheet = await regionalFile(c);
  });

  it.each(TRICKY_SHEETS.map((s, i) => [s.what, s, i] as const))('%s', (_, s, i) => {
    const mine = c.sheets.filter((x) => x.sourceId === fileOf(i));
    const issues = c.issues.filter((x) => x.sourceId === fileOf(i));
    if (s.expected.templateId === null) {
      expect(mine).toEqual([]);
      expect(issues.map(formatIssue).join('\n')).toContain(`лист «${s.tab}» не похож ни на одну форму`);
      return;
    }
    expect(mine.map((x) => x.templateId)).toEqual(
      Array(s.expected.questionnaires).fill(s.expected.templateId),
    );
    expect(mine.every((x) => x.mmo === s.mmo)).toBe(true);
    const answers = mine.flatMap((x) => x.records).filter((r) => r.values.answer);
    expect(answers).toHaveLength(s.expected.answers);
    expect(issues.filter((x) => x.severity === 'error').map(formatIssue)).toEqual([]);
    const warnings = issues.map(formatIssue);
    for (const w of s.expected.warnings) expect(warnings.join('\n')).toContain(w);
    expect(warnings.filter((w) => !s.expected.warnings.some((e) => w.includes(e)))).toEqual([]);
  });

  it('counts every answer in «Затруднения» and every questionnaire in «Полнота», beside the normal files', () => {
    const difficulties = sheet('Затруднения');
    const completeness = sheet('Полнота');
    for (const template of TEMPLATES.filter((t) =>
      TRICKY_SHEETS.some((s) => s.expected.templateId === t.id),
    )) {
      for (const mmo of [1, 4]) {
        const ours = TRICKY_SHEETS.filter((s) => s.expected.templateId === template.id && s.mmo === mmo);
        const own = template === QUESTIONNAIRE_DOO && mmo === 4 ? Object.keys(ownAnswers).length : 0;
        const ownHelp = template === QUESTIONNAIRE_DOO && mmo === 4 ? 1 : 0;
        const rows = difficulties.filter(
          (r) => r['Форма'] === template.sheetName && String(r['ММО']).startsWith(`№${mmo}.`),
        );
        const sum = (key: string) => rows.reduce((n, r) => n + Number(r[key]), 0);
        expect(sum('Ответили'), `${template.id} ММО ${mmo}`).toBe(
          ours.reduce((n, s) => n + s.expected.answers, 0) + own,
        );
        expect(sum('Нужна помощь («Да» и «Скорее да»)')).toBe(
          ours.reduce((n, s) => n + s.expected.needHelp, 0) + ownHelp,
        );
        const line = completeness.find((r) => String(r['ММО']).startsWith(`№${mmo}.`))!;
        const arrived = ours.reduce((n, s) => n + s.expected.questionnaires, 0) + (own ? 1 : 0);
        expect(line[`${template.sheetName} (листов)`]).toBe(arrived || 'нет');
      }
    }
    // The plan beside them is untouched.
    expect(sheet('Сводный план')).toHaveLength(seedRows(4).length);
  });

  it('takes the organisation from the title blank, the conclusions below «Выводы:», and each respondent from its row', () => {
    const [seedDoo, seedOo, google, yandex] = [0, 1, 2, 3].map((i) =>
      c.sheets.filter((x) => x.sourceId === fileOf(i)),
    );
    expect(seedDoo[0].header.organisation).toBe('МКДОУ «Детский сад «Тестовый»»');
    expect(seedOo[0].header.organisation).toBe('МКОУ «Пробная СОШ №1»');
    expect(seedDoo[0].records.find((r) => r.itemId === 'conclusions')?.values.comment).toBe(
      'Нужна помощь по АООП',
    );
    // The slip names its row: the seventh answerable item, where «х» stands in two columns.
    const slip = c.issues.find(
      (i) => i.sourceId === fileOf(0) && i.message.includes('отмечено несколько ответов'),
    )!;
    const rows = TRICKY_SHEETS[0].rows;
    const slipText = QUESTIONNAIRE_DOO.items.filter((i) => !i.isGroup)[6].text;
    expect(slip.row).toBe(rows.findIndex((r) => r[0] === slipText) + 1);
    expect(formatIssue(slip)).toMatch(
      new RegExp(
        `строка ${slip.row}, .*«Скорее нет, чем да», «Да\\. Хотелось бы получить помощь» — ответ не учтён`,
      ),
    );
    expect(google.map((x) => [x.header.municipality, x.header.organisation, x.header.position])).toEqual([
      ['Ботлихский', 'МКУ ДО «Дом творчества Тестовый»', 'педагог дополнительного образования'],
      ['Ботлихский', 'МКУ ДО «Станция юных техников Пробная»', 'методист'],
      ['Ахвахский', 'МКУ ДО «ДЮСШ Условная»', 'тренер-преподаватель'],
    ]);
    expect(google.map((x) => x.sheetName)).toEqual([
      'Ответы на форму (1), строка 2',
      'Ответы на форму (1), строка 3',
      'Ответы на форму (1), строка 4',
    ]);
    expect(google[0].records.find((r) => r.itemId === 'conclusions')?.values.comment).toBe(
      'Хотелось бы семинар по ДОТ',
    );
    expect(yandex.map((x) => x.mmo)).toEqual([4, 4]);
  });

  it('says so when a form has no answers yet, instead of calling the sheet unknown', async () => {
    const head = TRICKY_SHEETS.find((s) => s.expected.questionnaires > 1)!.rows.slice(0, 1);
    const empty = await workbookOf(
      'ММО-1 ответы.xlsx',
      await trickyXlsx({ ...TRICKY_SHEETS[2], rows: head, merges: [] }),
      1,
    );
    const one = consolidate({ entries: [okEntry(empty)], now: NOW });
    expect(one.sheets).toEqual([]);
    expect(one.issues.map(formatIssue)).toEqual([
      expect.stringMatching(/ответы формы «.*», но ни одного ответа в нём пока нет$/),
    ]);
  });
});
