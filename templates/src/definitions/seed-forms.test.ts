/**
 * The five forms that are definitions only (Предложения, план методиста, лист наблюдения, региональная
 * самодиагностика, дорожная карта): copied verbatim from the seeds, registered, their regional views
 * valid against the schema and their fields, and each filled, rendered and read back clean.
 */
import { describe, expect, it } from 'vitest';
import {
  answerColumns,
  collapseSpaces,
  formatIssue,
  itemAnswers,
  itemPrintedCells,
  printedColumns,
  readSheet,
  regionalViewSchema,
  SHARED_SHEET_KINDS,
  sheetLayout,
  tableColumns,
  validateSheet,
  type ItemDef,
  type ItemsTemplate,
  type TemplateDef,
} from '@mmo/shared';
import { TEMPLATES } from '../index.js';
import { readWorkbookGrids, renderTemplateXlsx, type TemplateFill } from '../xlsx/index.js';
import { loadWorkbook } from '../xlsx/xlsx.test-helper.js';
import { ACADEMIC_YEAR_FIELD, MMO_FIELD, MUNICIPALITY_FIELD } from './common-fields.js';
import {
  LESSON_OBSERVATION,
  OBSERVATION_STATED_MAX,
  SCORE_0_1_FIELD,
  SCORE_FIELD,
} from './lesson-observation.js';
import { METHODIST_PLAN } from './methodist-plan.js';
import { PROPOSALS } from './proposals.js';
import { ROADMAP, ROADMAP_STATUSES } from './roadmap.js';
import { SELF_DIAGNOSTICS_ANSWERS, SELF_DIAGNOSTICS_TITLE } from './self-diagnostics-common.js';
import { SELF_DIAGNOSTICS_REGIONAL } from './self-diagnostics-regional.js';
import { JOINT_ACTIVITY_DIRECTIONS } from './vocabulary.js';
import { cellOf, nextCell, seed000Lines, seedLines, titleLine } from './seed-cells.test-helper.js';

const FORMS: readonly TemplateDef[] = [
  PROPOSALS,
  METHODIST_PLAN,
  LESSON_OBSERVATION,
  SELF_DIAGNOSTICS_REGIONAL,
  ROADMAP,
];

/** Lines from..to (1-based, inclusive) of seed 001, as cell texts where they are cells. */
function seedSpan(from: number, to: number): string[] {
  return seedLines.slice(from - 1, to).map((l) => cellOf(l) ?? collapseSpaces(l));
}

describe('the five forms are registered and declare valid regional views', () => {
  it('come last in TEMPLATES, in the order of the issue', () => {
    expect(TEMPLATES.slice(-5)).toEqual(FORMS);
    const ids = TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of FORMS) expect(t.sheetName.length).toBeLessThanOrEqual(31);
  });

  it.each(TEMPLATES.filter((t) => t.regional).map((t) => [t.id, t] as const))(
    '%s: views parse and name fields the form has',
    (_id, t) => {
      for (const view of t.regional ?? []) {
        expect(regionalViewSchema.safeParse(view).success, view.sheet).toBe(true);
        if (view.kind === 'records' || view.kind === 'checkedRecords') {
          expect(t.layout).toBe('table');
          continue;
        }
        if (view.kind === 'scores') {
          expect(t.layout === 'items' && t.items.some((i) => i.rule)).toBe(true);
          continue;
        }
        if (view.kind === 'countBy' || view.kind === 'calendar') expect(t.layout).toBe('table');
        else expect(t.layout).toBe('items');
        const field = answerColumns(t).find((f) => f.key === view.field);
        expect(field, `${view.sheet}: ${view.field}`).toBeDefined();
        if (view.kind === 'calendar') expect(field!.type).toBe('period');
        if (view.kind === 'itemShare' || view.kind === 'rankedShare')
          for (const v of view.values) expect(field!.choices).toContain(v);
        if (view.kind === 'statusShare' || view.kind === 'overdue')
          for (const v of view.done) expect(field!.choices).toContain(v);
        if (view.kind === 'overdue')
          expect(tableColumns(t).find((f) => f.key === view.termField)).toBeDefined();
        if (view.kind === 'itemMean' || view.kind === 'sheetTotal')
          expect(['integer', 'number', 'percent']).toContain(field!.type);
      }
    },
  );

  it('give every regional sheet its own name, but for sheets of a kind several forms share', () => {
    const names = TEMPLATES.flatMap((t) =>
      (t.regional ?? [])
        .filter((v) => !SHARED_SHEET_KINDS.includes(v.kind))
        .map((v) => v.sheet.toLowerCase()),
    );
    expect(new Set(names).size).toBe(names.length);
    const shared = TEMPLATES.flatMap((t) =>
      (t.regional ?? []).filter((v) => SHARED_SHEET_KINDS.includes(v.kind)).map((v) => v.sheet.toLowerCase()),
    );
    for (const name of shared) expect(names).not.toContain(name);
  });

  it('keep printed columns apart from answers', () => {
    for (const t of TEMPLATES) {
      if (t.layout !== 'items') continue;
      const printed = new Set(printedColumns(t).map((f) => f.key));
      for (const f of answerColumns(t)) expect(printed.has(f.key), `${t.id}: ${f.key}`).toBe(false);
      for (const item of t.items)
        for (const key of Object.keys(item.info ?? {}))
          expect(printed.has(key), `${t.id} ${item.id}: ${key}`).toBe(true);
    }
  });
});

describe('Предложения к плану совместной деятельности (Приложение №4)', () => {
  it('takes its title and the 12 directions verbatim from seed 000', () => {
    const at = seed000Lines.findIndex((l) => l.trim() === 'Приложение №4');
    expect(collapseSpaces(seed000Lines.slice(at + 2, at + 5).join(' '))).toBe(PROPOSALS.title);
    const start = seed000Lines.findIndex((l) =>
      l.startsWith('1. Направления совместной деятельности в составе ММО'),
    );
    const bullets = seed000Lines
      .slice(start + 1, start + 13)
      .map((l) => collapseSpaces(l.replace(/^·\s*/, '')).replace(/;$/, ''))
      .map((l) => l.charAt(0).toUpperCase() + l.slice(1));
    expect(bullets.map((b) => b.replace(/\.$/, ''))).toEqual(
      JOINT_ACTIVITY_DIRECTIONS.map((d) => d.replace(/\.$/, '')),
    );
    expect(JOINT_ACTIVITY_DIRECTIONS).toHaveLength(12);
  });

  it('is a row per proposal: municipality, direction, event, participants, term, responsible', () => {
    expect(PROPOSALS.header).toEqual([MMO_FIELD, ACADEMIC_YEAR_FIELD]);
    expect(PROPOSALS.columns.map((f) => f.label)).toEqual([
      'Муниципалитет',
      'Направление совместной деятельности',
      'Предлагаемое мероприятие',
      'Участники',
      'Сроки проведения',
      'Ответственный',
    ]);
    expect(PROPOSALS.columns[0]).toBe(MUNICIPALITY_FIELD);
    expect(PROPOSALS.columns[1]).toMatchObject({
      type: 'choice',
      allowOther: true,
      choices: JOINT_ACTIVITY_DIRECTIONS,
    });
  });
});

/** The seed's plan (L1674–L1895): headings glued to the row above are split off, as people retype them. */
function seedMethodistPlan(): { no: string | null; title: string; period: string | null }[] {
  const rows: { no: string | null; title: string; period: string | null }[] = [];
  const lines = seedLines.slice(1673, 1895);
  for (let i = 0; i < lines.length; i++) {
    const text = collapseSpaces(lines[i]);
    if (!text) continue;
    if (/^[IVX]+\.\s/.test(text)) {
      // «V. …материалов.» continues on the next line without a TAB.
      const more = lines[i + 1] && !lines[i + 1].startsWith('\t') ? collapseSpaces(lines[i + 1]) : '';
      rows.push({ no: null, title: more ? `${text} ${more}` : text, period: null });
    } else if (/^\d+\.\d+\.?$/.test(text)) {
      rows.push({ no: text, title: collapseSpaces(lines[i + 1]), period: collapseSpaces(lines[i + 2]) });
      i += 2;
    }
  }
  return rows;
}

describe('Индивидуальный план методиста (§3)', () => {
  it('prints the seed’s title and column headers', () => {
    expect(seedLines[1662].startsWith(METHODIST_PLAN.title)).toBe(true);
    const headers = [
      seedSpan(1666, 1667),
      seedSpan(1668, 1668),
      seedSpan(1669, 1670),
      seedSpan(1671, 1672),
    ].map((cells) => collapseSpaces(cells.join(' ')));
    expect(METHODIST_PLAN.columns.map((f) => f.label)).toEqual(headers);
    expect(METHODIST_PLAN.header.find((f) => f.key === 'methodist')).toMatchObject({
      personal: true,
      required: true,
    });
  });

  it('takes the whole seed plan, 6 sections and 42 activities, without an error', async () => {
    const rows = seedMethodistPlan();
    expect(rows.filter((r) => r.no === null)).toHaveLength(6);
    expect(rows.filter((r) => r.no !== null)).toHaveLength(42);
    const fill: TemplateFill = {
      header: { mmo: '№4', municipality: 'Гунибский', methodist: 'Алиева П. М.', academicYear: '2022-2023' },
      rows: rows.map((r) => ({ no: r.no, title: r.title, period: r.period })),
    };
    const grid = (await readWorkbookGrids(await renderTemplateXlsx(METHODIST_PLAN, fill)))[0].grid;
    const result = validateSheet(METHODIST_PLAN, readSheet(METHODIST_PLAN, grid));
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.records).toHaveLength(48);
    expect(result.records.filter((r) => r.values.period === null).map((r) => r.values.title)).toEqual(
      rows.filter((r) => r.no === null).map((r) => r.title),
    );
  });
});

describe('Лист наблюдения урока/занятия (§5.1)', () => {
  it('copies title, column header, sections and criteria verbatim and in order', () => {
    const start = titleLine(LESSON_OBSERVATION.title);
    expect(start).toBe(1895);
    expect(collapseSpaces(seedSpan(1901, 1902).join(' '))).toBe(LESSON_OBSERVATION.itemLabel);
    let at = start;
    for (const item of LESSON_OBSERVATION.items) {
      at = nextCell(item.text, at + 1);
      expect(at, `${item.id} ${item.text}`).toBeGreaterThan(0);
      expect(at).toBeLessThan(2026);
    }
    expect(LESSON_OBSERVATION.instructions[0]).toBe(collapseSpaces(seedSpan(1899, 1900).join(' ')));
  });

  it('scores sections 1–5 from 0 to 2 and section 6 from 0 to 1; the rows add up to 44, the seed says 43', () => {
    const criteria = (LESSON_OBSERVATION.items as readonly ItemDef[]).filter((i) => !i.isGroup);
    expect(criteria).toHaveLength(26);
    const scale = (id: string) =>
      itemAnswers(
        LESSON_OBSERVATION,
        criteria.find((c) => c.id === id)!,
      )[0];
    for (const c of criteria) expect(scale(c.id)).toBe(c.id.startsWith('6.') ? SCORE_0_1_FIELD : SCORE_FIELD);
    expect(criteria.reduce((sum, c) => sum + (scale(c.id).max ?? 0), 0)).toBe(44);
    expect(OBSERVATION_STATED_MAX).toBe(43);
    expect(LESSON_OBSERVATION.regional.find((v) => v.kind === 'sheetTotal')).toMatchObject({
      outOf: 43,
      bands: [{ upTo: 23 }, { upTo: 34 }, {}],
    });
  });

  it('says which row and column a score off the scale is in', async () => {
    const fill: TemplateFill = {
      header: {
        mmo: '№4',
        municipality: 'Гунибский',
        organisation: 'МКОУ «Гунибская СОШ»',
        observedOn: new Date(2022, 11, 20),
      },
      answers: { '1.1': { score: 2 }, '6.1': { score: 2 }, '6.2': { score: 1 } },
    };
    const grid = (await readWorkbookGrids(await renderTemplateXlsx(LESSON_OBSERVATION, fill)))[0].grid;
    const result = validateSheet(LESSON_OBSERVATION, readSheet(LESSON_OBSERVATION, grid));
    const row = sheetLayout(LESSON_OBSERVATION).items.find((i) => i.item.id === '6.1')!.row;
    expect(result.issues.map(formatIssue)).toEqual([
      `Строка ${row}, столбец C «Балл»: число должно быть не больше 1, а здесь 2`,
    ]);
    expect(
      result.records.filter((r) => r.values.score !== null).map((r) => [r.item?.id, r.values.score]),
    ).toEqual([
      ['1.1', 2],
      ['6.2', 1],
    ]);
  });
});

describe('Самодиагностика: региональный уровень (§2.3)', () => {
  it('has the 8 regional components verbatim with their numbers, the year only, the shared answers', () => {
    const start = titleLine(SELF_DIAGNOSTICS_TITLE);
    let at = nextCell('Региональный уровень', start);
    expect(at).toBeGreaterThan(start);
    for (const item of SELF_DIAGNOSTICS_REGIONAL.items) {
      at = nextCell(item.text, at + 1);
      expect(at, item.id).toBeGreaterThan(0);
      expect(cellOf(seedLines[at - 1])).toBe(item.id);
    }
    expect(SELF_DIAGNOSTICS_REGIONAL.items).toHaveLength(8);
    expect(SELF_DIAGNOSTICS_REGIONAL.header).toEqual([ACADEMIC_YEAR_FIELD]);
    expect(SELF_DIAGNOSTICS_REGIONAL.answers).toBe(SELF_DIAGNOSTICS_ANSWERS);
    expect(SELF_DIAGNOSTICS_REGIONAL.regional).toEqual([
      { kind: 'itemShare', sheet: 'Самодиагностика региона', field: 'presence', values: ['Да'] },
    ]);
  });
});

describe('Дорожная карта наставничества в муниципальной системе образования (§4.7)', () => {
  const items: readonly ItemDef[] = ROADMAP.items;
  const answerable = items.filter((i) => !i.isGroup);

  it('copies the 10 sections and 22 items, their numbers and expected results verbatim', () => {
    const start = seedLines.findIndex((l, i) => i > 3800 && l.startsWith('ДОРОЖНАЯ КАРТА'));
    expect(collapseSpaces(seedLines.slice(start, start + 3).join(' '))).toBe(ROADMAP.title);
    expect(seedSpan(3868, 3872)).toEqual([
      'N',
      'Содержание деятельности/разделы',
      'Сроки',
      'Исполнители',
      'Ожидаемые результаты',
    ]);
    expect(items.filter((i) => i.isGroup)).toHaveLength(10);
    expect(answerable).toHaveLength(22);
    let at = start;
    for (const item of items) {
      // A cell's text may wrap over lines without a TAB: compare the cell with its continuation.
      const firstLine = item.text.split('\n')[0];
      at = seedLines.findIndex(
        (l, i) => i > at && cellOf(l) !== null && firstLine.startsWith(cellOf(l)!) && cellOf(l) !== '',
      );
      expect(at, item.id).toBeGreaterThan(0);
      expect(cellOf(seedLines[at - 1]), item.id).toBe(item.id);
      if (item.info?.expected) {
        const expectedAt = seedLines.findIndex(
          (l, i) =>
            i > at && cellOf(l) !== null && item.info!.expected.startsWith(cellOf(l)!) && cellOf(l) !== '',
        );
        expect(expectedAt - at, item.id).toBeLessThan(16);
      }
    }
  });

  it('prints «Ожидаемые результаты»; the municipality fills «Сроки», «Исполнители», «Статус», «Комментарий»', () => {
    expect(printedColumns(ROADMAP).map((f) => f.label)).toEqual([
      'N',
      'Содержание деятельности/разделы',
      'Ожидаемые результаты',
    ]);
    expect(answerColumns(ROADMAP).map((f) => f.label)).toEqual([
      'Сроки',
      'Исполнители',
      'Статус',
      'Комментарий',
    ]);
    expect(answerColumns(ROADMAP).find((f) => f.key === 'status')).toMatchObject({
      type: 'choice',
      choices: ['выполнено', 'в работе', 'не начато'],
    });
    expect(ROADMAP_STATUSES).toEqual(['выполнено', 'в работе', 'не начато']);
    expect(answerColumns(ROADMAP).find((f) => f.key === 'period')).toMatchObject({ type: 'period' });
    for (const item of answerable) expect(item.info?.expected, item.id).toBeTruthy();
  });

  it('renders the expected results beside each item, bordered and not open for answers', async () => {
    const sheet = (await loadWorkbook(await renderTemplateXlsx(ROADMAP))).worksheets[0];
    const layout = sheetLayout(ROADMAP);
    for (const { item, row } of layout.items) {
      const printed = itemPrintedCells(ROADMAP as ItemsTemplate, item);
      expect(sheet.getCell(row, 1).value ?? '').toBe(printed[0]);
      if (!item.isGroup) expect(sheet.getCell(row, 3).value).toBe(printed[2]);
    }
    expect(sheet.getCell(layout.tableHeaderRow, 3).value).toBe('Ожидаемые результаты');
  });
});
