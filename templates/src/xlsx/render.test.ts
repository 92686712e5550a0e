import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
  answerColumns,
  columnLetter,
  dropdownFor,
  itemAnswers,
  itemNumber,
  itemPrintedCells,
  printedColumns,
  readSheet,
  sheetLayout,
  tableColumns,
  validateSheet,
  validationRuns,
  type CellValue,
  type FieldContext,
  type TemplateDef,
} from '@mmo/shared';
import { MMO_PLAN, JOINT_PLAN, TEMPLATES } from '../index.js';
import {
  addTemplateSheet,
  INSTRUCTIONS_SHEET,
  LISTS_SHEET,
  readWorkbookGrids,
  renderTemplateXlsx,
  type TemplateFill,
} from './index.js';
import { COLOURS } from './cells.js';
import { ITEMS_FIXTURE, loadWorkbook, noteOf, sampleFill, validationsOf } from './xlsx.test-helper.js';

const YEAR = { startYear: 2022 };
const CTX: FieldContext = { academicYear: YEAR, districtNo: 4 };
const ALL: readonly TemplateDef[] = [...TEMPLATES, ITEMS_FIXTURE];

/** Three events of ММО №4 «Горный», verbatim from seed000-plans.json (line breaks inside cells kept). */
const SEED_EVENTS = [
  {
    no: 2,
    title: 'Вебинар «ММО – эффективная модель со-развития муниципальных систем образования»',
    participants: 'Руководители органов управления образованием, ММС, руководители ОО',
    period: 'Август-сентябрь',
    place: 'Очно/дистанционно\nРМЦ ДИРО',
  },
  {
    no: 3,
    title: 'Методический семинар-практикум по обновленным ФГОС',
    participants: 'Учителя, методисты',
    period: 'Декабрь, 2022',
    place: 'Гергебильский район',
  },
  {
    no: 4,
    title: 'Фестиваль педагогических практик по обеспечению качества образования',
    participants: 'Методисты, учителя-новаторы',
    period: 'Ноябрь, 2022\nАпрель 2023',
    place: 'Хунзахский район',
  },
] as const;

const FORMULA_LOOKING = ['=1+2', '+7 928', '-мероприятие', '@home'] as const;

function sameValue(actual: CellValue | undefined, expected: CellValue | undefined): boolean {
  if (expected instanceof Date) return actual instanceof Date && actual.getTime() === expected.getTime();
  return (actual ?? null) === (expected ?? null);
}

/** Which header fields and validation runs should carry a dropdown. */
function expectedDropdowns(template: TemplateDef) {
  const layout = sheetLayout(template);
  const runs = validationRuns(template, layout).filter(
    (r) => (dropdownFor(r.field, CTX)?.values.length ?? 0) > 0,
  );
  const header = template.header.filter((f) => (dropdownFor(f, CTX)?.values.length ?? 0) > 0);
  return { layout, runs, header };
}

function listValues(workbook: ExcelJS.Workbook, formula: string): string[] {
  const m = /^'Списки'!\$([A-Z]+)\$(\d+):\$\1\$(\d+)$/.exec(formula);
  expect(m, formula).not.toBeNull();
  const lists = workbook.getWorksheet(LISTS_SHEET)!;
  const values: string[] = [];
  for (let r = Number(m![2]); r <= Number(m![3]); r++)
    values.push(String(lists.getCell(`${m![1]}${r}`).value));
  return values;
}

describe.each(ALL.map((t) => [t.id, t] as const))('%s as .xlsx', (_id, template) => {
  const columns = tableColumns(template);
  const answers = answerColumns(template);

  it('has the title, the verbatim header row, frozen panes, widths and the service sheets', async () => {
    const workbook = await loadWorkbook(
      await renderTemplateXlsx(template, undefined, { academicYear: YEAR, districtNo: 4 }),
    );
    const { layout } = expectedDropdowns(template);
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual([
      expect.any(String),
      INSTRUCTIONS_SHEET,
      LISTS_SHEET,
    ]);
    const sheet = workbook.worksheets[0];
    expect(sheet.name.length).toBeLessThanOrEqual(31);
    expect(sheet.name).not.toMatch(/[[\]:*?/\\]/);
    if (template.sheetName.length <= 31 && !/[[\]:*?/\\]/.test(template.sheetName))
      expect(sheet.name).toBe(template.sheetName);
    expect(workbook.getWorksheet(LISTS_SHEET)!.state).toBe('hidden');

    const title = sheet.getCell(1, 1);
    expect(title.value).toBe(template.title);
    expect(title.font.bold).toBe(true);
    expect(sheet.getCell(1, layout.lastColumn).master.address).toBe('A1');

    const headerRow = sheet.getRow(layout.tableHeaderRow);
    expect(columns.map((_, i) => headerRow.getCell(i + 1).value)).toEqual(columns.map((f) => f.label));

    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: layout.tableHeaderRow });
    for (const [i, field] of columns.entries()) {
      const width = sheet.getColumn(i + 1).width ?? 0;
      expect(width).toBeGreaterThanOrEqual(Math.min(field.width ?? 6, 100));
      // No word of a (wrapped) header is cut in the middle.
      for (const word of field.label.split(/\s+/))
        expect(width, `${field.label}: ${word}`).toBeGreaterThanOrEqual(word.length);
    }
  });

  it('marks required columns and puts help into header notes', async () => {
    const sheet = (await loadWorkbook(await renderTemplateXlsx(template))).worksheets[0];
    const { layout } = expectedDropdowns(template);
    for (const [i, field] of columns.entries()) {
      const cell = sheet.getRow(layout.tableHeaderRow).getCell(i + 1);
      const note = noteOf(cell);
      const fill = cell.fill as ExcelJS.FillPattern;
      if (field.required) {
        expect(fill.fgColor?.argb, field.label).toBe(COLOURS.required);
        expect(note).toMatch(/^Обязательное поле\./);
      } else {
        expect(fill.fgColor?.argb, field.label).toBe(COLOURS.optional);
      }
      if (field.help) expect(note).toContain(field.help);
      if (!field.help && !field.required) expect(note).toBe('');
    }
    for (const { field, row } of layout.headerRows) {
      if (field.help) expect(noteOf(sheet.getCell(row, 1))).toContain(field.help);
    }
  });

  it('has one validation per header dropdown and per run, each a range of the hidden «Списки» sheet', async () => {
    const workbook = await loadWorkbook(
      await renderTemplateXlsx(template, undefined, { academicYear: YEAR, districtNo: 4 }),
    );
    const sheet = workbook.worksheets[0];
    const model = validationsOf(sheet);
    const { runs, header } = expectedDropdowns(template);
    expect(new Set(Object.values(model)).size).toBe(runs.length + header.length);
    for (const v of new Set(Object.values(model))) {
      expect(v.type).toBe('list');
      expect(v.formulae[0]).toMatch(/^'Списки'!\$[A-Z]+\$1:\$[A-Z]+\$\d+$/);
    }
    for (const run of runs) {
      const letter = columnLetter(run.col);
      const first = model[`${letter}${run.fromRow}`];
      expect(first, `${run.field.key} ${letter}${run.fromRow}`).toBeDefined();
      expect(model[`${letter}${run.toRow}`]).toBe(first);
      expect(model[`${letter}${run.toRow + 1}`]).not.toBe(first);
      const dropdown = dropdownFor(run.field, CTX)!;
      expect(listValues(workbook, first.formulae[0])).toEqual(dropdown.values);
      expect(!!first.showErrorMessage).toBe(!dropdown.allowInvalid);
    }
    // Where the header answers sit: found by the reader in a file with them filled (same year, same ММО).
    const read = readSheet(
      template,
      (
        await readWorkbookGrids(
          await renderTemplateXlsx(template, { header: sampleFill(template).header }, { academicYear: YEAR }),
        )
      )[0].grid,
    );
    for (const field of header) {
      const at = read.header[field.key];
      expect(at, field.key).toBeDefined();
      const v = model[`${columnLetter(at.col)}${at.row}`];
      expect(v, field.key).toBeDefined();
      expect(listValues(workbook, v.formulae[0])).toEqual(dropdownFor(field, CTX)!.values);
    }
  });

  it('reads back through readWorkbookGrids and readSheet, blank and filled', async () => {
    const { layout } = expectedDropdowns(template);
    const blank = await readWorkbookGrids(await renderTemplateXlsx(template));
    expect(blank.map((g) => [g.name, g.hidden])).toEqual([
      [expect.any(String), false],
      [INSTRUCTIONS_SHEET, false],
      [LISTS_SHEET, true],
    ]);
    expect(blank[0].grid[layout.tableHeaderRow - 1]).toEqual(columns.map((f) => f.label));
    const blankRead = readSheet(template, blank[0].grid);
    expect(blankRead.headerRow).toBe(layout.tableHeaderRow);
    expect(blankRead.columns).toEqual(Object.fromEntries(columns.map((f, i) => [f.key, i + 1])));
    if (template.layout === 'table') expect(blankRead.records).toEqual([]);

    const fill = sampleFill(template);
    const grids = await readWorkbookGrids(await renderTemplateXlsx(template, fill));
    const read = readSheet(template, grids[0].grid);
    expect(read.headerRow).toBe(layout.tableHeaderRow);
    for (const field of template.header)
      expect(sameValue(read.header[field.key]?.value, fill.header![field.key]), field.key).toBe(true);
    if (template.layout === 'table') {
      expect(read.records.map((r) => r.row)).toEqual(fill.rows!.map((_, i) => layout.firstDataRow + i));
      read.records.forEach((record, i) => {
        for (const field of columns)
          expect(sameValue(record.values[field.key], fill.rows![i][field.key]), `${i} ${field.key}`).toBe(
            true,
          );
      });
    } else {
      const answered = template.items.filter((item) => !item.isGroup);
      expect(read.records.map((r) => r.item?.id)).toEqual(answered.map((item) => item.id));
      for (const record of read.records) {
        const item = record.item!;
        for (const field of itemAnswers(template, item)) {
          expect(
            sameValue(record.values[field.key], fill.answers![item.id][field.key]),
            `${item.id} ${field.key}`,
          ).toBe(true);
        }
        // Columns this item does not have stay empty; printed info cells come back as printed.
        for (const field of answers)
          if (!itemAnswers(template, item).some((f) => f.key === field.key))
            expect(record.values[field.key]).toBeNull();
        const printed = itemPrintedCells(template, item);
        printedColumns(template).forEach((field, i) => {
          if (i >= 2) expect(record.values[field.key] ?? '', `${item.id} ${field.key}`).toBe(printed[i]);
        });
      }
      expect(read.issues).toEqual([]);
    }
  });

  it('keeps formula-looking text as text', async () => {
    const textField = answers.find((f) => f.type === 'text');
    const fill: TemplateFill =
      template.layout === 'table'
        ? { rows: FORMULA_LOOKING.map((text) => ({ [textField!.key]: text })) }
        : {
            answers: Object.fromEntries(
              template.items
                .filter((item) => itemAnswers(template, item).some((f) => f.key === textField?.key))
                .slice(0, FORMULA_LOOKING.length)
                .map((item, i) => [item.id, { [textField!.key]: FORMULA_LOOKING[i] }]),
            ),
          };
    const headerText = template.header.find((f) => f.type === 'text');
    const withHeader: TemplateFill = headerText
      ? { ...fill, header: { [headerText.key]: '=HYPERLINK("http://x";"y")' } }
      : fill;
    const buffer = await renderTemplateXlsx(template, withHeader);
    const sheet = (await loadWorkbook(buffer)).worksheets[0];
    const texts: string[] = [];
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        // Parts of a merged cell show the master's value; the master is checked itself.
        if (
          cell.type !== ExcelJS.ValueType.Merge &&
          typeof cell.value === 'string' &&
          /^[=+\-@]/.test(cell.value)
        ) {
          expect(cell.type).toBe(ExcelJS.ValueType.String);
          expect(cell.formula).toBeUndefined();
          texts.push(cell.value);
        }
      }),
    );
    const expected = [
      ...(headerText ? ['=HYPERLINK("http://x";"y")'] : []),
      ...(textField
        ? FORMULA_LOOKING.slice(0, template.layout === 'table' ? 4 : Object.keys(fill.answers ?? {}).length)
        : []),
    ];
    expect(texts.filter((t) => !/^- /.test(t)).sort()).toEqual([...expected].sort());
    const grid = (await readWorkbookGrids(buffer))[0].grid.flat();
    for (const text of expected) expect(grid).toContain(text);
  });

  it('lists instructions, source and every field in «Инструкция»', async () => {
    const grids = await readWorkbookGrids(
      await renderTemplateXlsx(template, undefined, { academicYear: YEAR }),
    );
    const grid = grids.find((g) => g.name === INSTRUCTIONS_SHEET)!.grid;
    const firstCells = grid.map((row) => row[0]);
    expect(firstCells).toContain(template.title);
    expect(firstCells.some((c) => typeof c === 'string' && c.includes(template.source))).toBe(true);
    template.instructions.forEach((line, i) => expect(firstCells).toContain(`${i + 1}. ${line}`));
    const fields = [...template.header, ...answers];
    for (const field of fields) {
      const row = grid.find((r) => r[0] === field.label && (r[1] === 'да' || r[1] === 'нет'));
      expect(row, field.label).toBeDefined();
      expect(row![1]).toBe(field.required ? 'да' : 'нет');
      expect(typeof row![2]).toBe('string');
    }
  });
});

describe('items layout', () => {
  it('writes № and text for every item, group rows bold and merged, answer cells only where an item has them', async () => {
    const template = ITEMS_FIXTURE;
    const layout = sheetLayout(template);
    const fill = sampleFill(template);
    const sheet = (await loadWorkbook(await renderTemplateXlsx(template, fill))).worksheets[0];
    expect(sheet.name).toBe('Показатели тест 1 2');
    for (const { item, row } of layout.items) {
      expect(sheet.getCell(row, 1).value ?? '').toBe(itemNumber(item));
      expect(sheet.getCell(row, 2).value).toBe(item.text);
      expect(sheet.getCell(row, 2).alignment?.wrapText).toBe(true);
      if (item.isGroup) {
        expect(sheet.getCell(row, 2).font.bold).toBe(true);
        expect((sheet.getCell(row, 2).fill as ExcelJS.FillPattern).fgColor?.argb).toBe(COLOURS.group);
        expect(sheet.getCell(row, layout.lastColumn).master.address).toBe(`B${row}`);
      } else {
        expect(sheet.getCell(row, 2).isMerged).toBe(false);
      }
    }
    // 1.3 has only its own «Наличие» (an integer): no comment cell, no dropdown there.
    const row13 = layout.items.find((i) => i.item.id === '1.3')!.row;
    const commentCol = layout.columns.find((c) => c.field.key === 'comment')!.col;
    expect(sheet.getCell(row13, commentCol).value).toBeNull();
    expect((sheet.getCell(row13, commentCol).fill as ExcelJS.FillPattern).fgColor?.argb).toBe(
      COLOURS.notApplicable,
    );
    expect(sheet.getCell(row13, 3).value).toBe(fill.answers!['1.3'].value);
    expect(validationsOf(sheet)[`C${row13}`]).toBeUndefined();
    // The long text makes its row taller than one line.
    expect(sheet.getRow(row13).height).toBeGreaterThan(15);
  });
});

describe('plans filled with real events', () => {
  it.each([MMO_PLAN, JOINT_PLAN].map((t) => [t.id, t] as const))(
    '%s returns the seed events',
    async (_id, template) => {
      const fill: TemplateFill = {
        header: { mmo: '№4. Горный', academicYear: '2022-2023' },
        rows: SEED_EVENTS,
      };
      const grids = await readWorkbookGrids(await renderTemplateXlsx(template, fill, { academicYear: YEAR }));
      const read = readSheet(template, grids[0].grid);
      expect(read.records.map((r) => r.values)).toEqual(SEED_EVENTS.map((e) => ({ ...e })));
      const checked = validateSheet(template, read);
      expect(checked.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(checked.records).toHaveLength(3);
      expect(checked.academicYear).toEqual(YEAR);
    },
  );

  it('extends the dropdowns over rows past the validated block', async () => {
    const rows = Array.from({ length: 520 }, (_, i) => ({
      no: i + 1,
      title: `Мероприятие ${i + 1}`,
      period: 'Ноябрь, 2022',
    }));
    const sheet = (await loadWorkbook(await renderTemplateXlsx(MMO_PLAN, { rows }, { academicYear: YEAR })))
      .worksheets[0];
    const layout = sheetLayout(MMO_PLAN);
    const periodCol = columnLetter(layout.columns.find((c) => c.field.key === 'period')!.col);
    expect(validationsOf(sheet)[`${periodCol}${layout.firstDataRow + 519}`]).toBe(
      validationsOf(sheet)[`${periodCol}${layout.firstDataRow}`],
    );
  });

  it('writes dates as dates with a Russian format', async () => {
    const day = new Date(2022, 11, 20);
    const buffer = await renderTemplateXlsx(ITEMS_FIXTURE, { header: { filled: day } });
    const sheet = (await loadWorkbook(buffer)).worksheets[0];
    const read = readSheet(ITEMS_FIXTURE, (await readWorkbookGrids(buffer))[0].grid);
    const at = read.header.filled;
    expect(at.value).toEqual(day);
    const cell = sheet.getCell(at.row, at.col);
    expect(cell.type).toBe(ExcelJS.ValueType.Date);
    expect(cell.numFmt).toBe('dd.mm.yyyy');
  });
});

describe('several templates in one workbook', () => {
  it('shares one «Инструкция» and one «Списки», reuses equal lists and keeps the forms first', async () => {
    const workbook = new ExcelJS.Workbook();
    addTemplateSheet(workbook, MMO_PLAN, undefined, { academicYear: YEAR });
    addTemplateSheet(workbook, JOINT_PLAN, undefined, { academicYear: YEAR });
    addTemplateSheet(workbook, MMO_PLAN, undefined, { academicYear: YEAR });
    const loaded = await loadWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(loaded.worksheets.map((ws) => ws.name)).toEqual([
      'План ММО',
      'План с РМЦ',
      'План ММО (2)',
      INSTRUCTIONS_SHEET,
      LISTS_SHEET,
    ]);
    const lists = loaded.getWorksheet(LISTS_SHEET)!;
    // ММО, years, participants, months: the second and third plans add nothing.
    expect(lists.columnCount).toBe(4);
    const instructions = (await readWorkbookGrids(Buffer.from(await workbook.xlsx.writeBuffer()))).find(
      (g) => g.name === INSTRUCTIONS_SHEET,
    )!.grid;
    expect(instructions.filter((r) => r[0] === MMO_PLAN.title)).toHaveLength(2);
    expect(instructions.filter((r) => r[0] === JOINT_PLAN.title)).toHaveLength(1);
  });
});
