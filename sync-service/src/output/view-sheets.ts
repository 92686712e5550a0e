/**
 * The regional sheets the forms declare (`TemplateDef.regional`), one writer per view kind: sheet
 * names, the columns that say whose sheet a row comes from and the items' labels all come from the
 * definitions, so a new form's summaries need no code here.
 */
import {
  formatAcademicYear,
  itemNumber,
  normalizeText,
  tableColumns,
  type CellValue,
  type FieldDef,
  type TemplateDef,
} from '@mmo/shared';
import type { ConsolidatedSheet, Consolidation } from '../model.js';
import { monthLabel } from '../engine/aggregate.js';
import {
  itemMeans,
  itemShares,
  overdueItems,
  sheetTotals,
  statusShares,
  viewRecords,
  type StatusCount,
  type ViewItem,
  type ViewOf,
} from '../engine/views.js';
import type { DeclaredView, ViewContext } from '../views/kind.js';
import { asWritten, col, mmoLabel, PERIOD_COLUMNS, periodCells } from './cells.js';
import type { RegionalColumn, RegionalSheet } from './regional-sheets.js';

/** The kinds this file writes; the newer ones are modules of `src/views/`. */
export type LegacyViewKind = 'records' | 'itemMean' | 'itemShare' | 'statusShare' | 'overdue' | 'sheetTotal';

/** The sheet of one declared view of the first six kinds. */
export function viewSheet(
  options: ViewContext,
  { template, view }: DeclaredView<LegacyViewKind>,
): RegionalSheet {
  const { consolidation } = options;
  switch (view.kind) {
    case 'records':
      return recordsSheet(consolidation, template, view, options);
    case 'itemMean':
      return itemMeanSheet(consolidation, template, view);
    case 'itemShare':
      return itemShareSheet(consolidation, template, view);
    case 'statusShare':
      return statusShareSheet(consolidation, template, view, options);
    case 'overdue':
      return overdueSheet(consolidation, template, view, options);
    case 'sheetTotal':
      return sheetTotalSheet(consolidation, template, view, options);
  }
}

// ---------------------------------------------------------------------------------------------
// Whose sheet a row comes from

/** Forms РМЦ fills itself (the regional self-diagnostics) have no ММО column. */
function hasMmo(template: TemplateDef): boolean {
  return template.header.some((f) => f.type === 'mmo');
}

/** Header fields that tell sheets apart: municipality, organisation, date; not the ММО, not the year. */
function whoFields(template: TemplateDef, canSeePersonal: boolean): FieldDef[] {
  return template.header.filter(
    (f) => f.type !== 'mmo' && f.type !== 'academicYear' && (canSeePersonal || !f.personal),
  );
}

function headerCell(field: FieldDef, value: unknown): CellValue {
  // Parsed header values: dates come back as 'YYYY-MM-DD', years as their start year.
  if (field.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return new Date(`${value}T00:00:00Z`);
  if (field.type === 'academicYear' && typeof value === 'number')
    return formatAcademicYear({ startYear: value });
  return asWritten(value);
}

function who(template: TemplateDef, fields: readonly FieldDef[], sheet: ConsolidatedSheet): CellValue[] {
  return [
    ...(hasMmo(template) ? [mmoLabel(sheet.mmo)] : []),
    ...fields.map((f) => headerCell(f, sheet.header[f.key])),
  ];
}

function whoColumns(template: TemplateDef, fields: readonly FieldDef[]): RegionalColumn[] {
  return [
    ...(hasMmo(template) ? [col('ММО', 28)] : []),
    ...fields.map((f) => col(f.label, Math.min(f.width ?? 24, 30))),
  ];
}

const SOURCE_COLUMNS = [col('Источник', 30), col('Лист', 18)];

function source(sheet: ConsolidatedSheet): CellValue[] {
  return [sheet.sourceName, sheet.sheetName];
}

// ---------------------------------------------------------------------------------------------
// Items

/** «Критерии оценки» of «Критерии оценки. Разделы 1-5 …»: the item column's name without its notes. */
function itemColumnName(template: TemplateDef): string {
  return template.layout === 'items' ? (template.itemLabel.split(/\.\s/)[0] ?? template.itemLabel) : 'Пункт';
}

function itemColumns(template: TemplateDef): RegionalColumn[] {
  return [col('Раздел', 30), col('№', 8), col(itemColumnName(template), 60)];
}

function itemCells(item: ViewItem): CellValue[] {
  return [item.group, itemNumber(item.item) || null, item.item.text];
}

function fieldOf(template: TemplateDef, key: string): FieldDef | undefined {
  return tableColumns(template).find((f) => f.key === key);
}

function quoted(values: readonly string[]): string {
  return values.map((v) => `«${v}»`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// records

function recordsSheet(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'records'>,
  options: ViewContext,
): RegionalSheet {
  const fields = whoFields(template, options.canSeePersonal);
  const columns = tableColumns(template).filter((f) => options.canSeePersonal || !f.personal);
  const periods = columns.filter((f) => f.type === 'period');
  const label = (f: FieldDef) => view.labels?.[f.key] ?? f.label;
  const periodHeaders = (f: FieldDef) =>
    periods.length > 1 ? PERIOD_COLUMNS.map((h) => `${label(f)}: ${h.toLowerCase()}`) : PERIOD_COLUMNS;
  const withSheet = view.sheetColumn ?? true;
  return {
    name: view.sheet,
    columns: [
      ...whoColumns(template, fields),
      ...columns.flatMap((f) =>
        f.type === 'period'
          ? [
              col(`${label(f)} (как написано)`, 24),
              ...periodHeaders(f).map((h) => col(h, h === 'Вид срока' ? 20 : 16)),
            ]
          : [col(label(f), Math.min(f.width ?? 24, 60))],
      ),
      ...(withSheet ? SOURCE_COLUMNS : SOURCE_COLUMNS.slice(0, 1)),
      col('Строка', 8),
    ],
    rows: viewRecords(consolidation, template).map(({ sheet, record, periods: parsed }) => [
      ...who(template, fields, sheet),
      ...columns.flatMap((f) =>
        f.type === 'period'
          ? periodCells(record.raw[f.key], parsed.get(f.key))
          : [asWritten(record.raw[f.key])],
      ),
      ...(withSheet ? source(sheet) : source(sheet).slice(0, 1)),
      record.row,
    ]),
  };
}

// ---------------------------------------------------------------------------------------------
// itemMean, itemShare

function itemMeanSheet(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'itemMean'>,
): RegionalSheet {
  const label = fieldOf(template, view.field)?.label ?? view.field;
  const mmo = hasMmo(template);
  return {
    name: view.sheet,
    columns: [
      ...itemColumns(template),
      ...(mmo ? [col('ММО', 28)] : []),
      col('Ответов (листов)', 12),
      col(`Среднее «${label}»`, 12),
      col('Максимум', 10),
    ],
    rows: itemMeans(consolidation, template, view).map((m) => [
      ...itemCells(m.item),
      ...(mmo ? [mmoLabel(m.mmo)] : []),
      m.answered,
      m.mean,
      m.item.field.max ?? null,
    ]),
  };
}

function itemShareSheet(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'itemShare'>,
): RegionalSheet {
  const field = fieldOf(template, view.field);
  const choices = field?.choices ?? [];
  const mmo = hasMmo(template);
  return {
    name: view.sheet,
    columns: [
      ...itemColumns(template),
      ...(mmo ? [col('ММО', 28)] : []),
      col('Ответов', 10),
      ...choices.map((c) => col(c, 10)),
      col(`Доля ${quoted(view.values)}, %`, 12),
    ],
    rows: itemShares(consolidation, template, view).map((s) => [
      ...itemCells(s.item),
      ...(mmo ? [mmoLabel(s.mmo)] : []),
      s.answered,
      ...choices.map((c) => countOf(s.counts, c)),
      s.share,
    ]),
  };
}

/** Answers spelled any way the reader accepts count for the choice they name. */
function countOf(counts: ReadonlyMap<string, number>, choice: string): number {
  let n = 0;
  for (const [text, k] of counts) if (normalizeText(text) === normalizeText(choice)) n += k;
  return n;
}

// ---------------------------------------------------------------------------------------------
// statusShare

function statusShareSheet(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'statusShare'>,
  options: ViewContext,
): RegionalSheet {
  const fields = whoFields(template, options.canSeePersonal);
  const choices = fieldOf(template, view.field)?.choices ?? [];
  const { sheets, districts } = statusShares(consolidation, template, view);
  const anyOther = sheets.some((s) => s.other > 0);
  const counts = (c: StatusCount): CellValue[] => [
    c.items,
    ...choices.map((ch) => c.counts.get(ch) ?? 0),
    c.blank,
    ...(anyOther ? [c.other] : []),
    c.share,
  ];
  const mmo = hasMmo(template);
  const lead = whoColumns(template, fields);
  const n = Math.max(1, lead.length);
  // Total rows name themselves in the lead columns: the ММО, then «Итого по ММО».
  const leadCells = (cells: readonly CellValue[]): CellValue[] =>
    [...cells, ...Array.from({ length: n }, () => null)].slice(0, n);
  const rows: CellValue[][] = [];
  for (const d of districts) {
    for (const s of sheets.filter((x) => x.mmo === d.mmo))
      rows.push([...leadCells(who(template, fields, s.sheet)), ...counts(s), ...source(s.sheet)]);
    if (mmo)
      rows.push([...leadCells([mmoLabel(d.mmo), 'Итого по ММО']), ...counts(d), `листов: ${d.sheets}`, null]);
  }
  if (districts.length > 1 || (!mmo && districts.length > 0)) {
    const all = sumCounts(districts, choices);
    rows.push([
      ...leadCells(mmo ? ['Все ММО', 'Всего по региону'] : ['Всего по региону']),
      ...counts(all),
      `листов: ${all.sheets}`,
      null,
    ]);
  }
  return {
    name: view.sheet,
    columns: [
      ...(lead.length ? lead : [col('Итог', 20)]),
      col('Пунктов', 10),
      ...choices.map((c) => col(c, 12)),
      col('Без отметки', 12),
      ...(anyOther ? [col('Другая отметка', 12)] : []),
      col(`Доля ${quoted(view.done)}, %`, 14),
      ...SOURCE_COLUMNS,
    ],
    rows,
  };
}

function sumCounts(
  districts: readonly (StatusCount & { readonly sheets: number })[],
  choices: readonly string[],
): StatusCount & { sheets: number } {
  let items = 0;
  let done = 0;
  let blank = 0;
  let other = 0;
  let sheets = 0;
  const counts = new Map(choices.map((c) => [c, 0]));
  for (const d of districts) {
    items += d.items;
    done += d.done;
    blank += d.blank;
    other += d.other;
    sheets += d.sheets;
    for (const c of choices) counts.set(c, (counts.get(c) ?? 0) + (d.counts.get(c) ?? 0));
  }
  return {
    items,
    done,
    blank,
    other,
    sheets,
    counts,
    share: items ? Math.round((1000 * done) / items) / 10 : 0,
  };
}

// ---------------------------------------------------------------------------------------------
// overdue

function overdueSheet(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'overdue'>,
  options: ViewContext,
): RegionalSheet {
  const fields = whoFields(template, options.canSeePersonal);
  const term = fieldOf(template, view.termField)?.label ?? view.termField;
  const status = fieldOf(template, view.field)?.label ?? view.field;
  return {
    name: view.sheet,
    columns: [
      ...whoColumns(template, fields),
      col('№', 8),
      col(itemColumnName(template), 60),
      col(`${term} (как написано)`, 22),
      col('Срок истёк', 16),
      col(status, 14),
      ...SOURCE_COLUMNS,
      col('Строка', 8),
    ],
    rows: overdueItems(consolidation, template, view, options.now).map((o) => [
      ...who(template, fields, o.sheet),
      itemNumber(o.item.item) || null,
      o.item.item.text,
      o.term.text,
      o.term.day ? dayLabel(o.term.day) : o.term.last ? monthLabel(o.term.last) : null,
      o.status || 'нет отметки',
      ...source(o.sheet),
      o.row,
    ]),
  };
}

function dayLabel(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}.${m}.${y}`;
}

// ---------------------------------------------------------------------------------------------
// sheetTotal

function sheetTotalSheet(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'sheetTotal'>,
  options: ViewContext,
): RegionalSheet {
  const fields = whoFields(template, options.canSeePersonal);
  const label = fieldOf(template, view.field)?.label ?? view.field;
  return {
    name: view.sheet,
    columns: [
      ...whoColumns(template, fields),
      col('Оценено пунктов', 10),
      col(`Сумма «${label}»`, 10),
      col('Из', 8),
      col('Уровень', 12),
      ...SOURCE_COLUMNS,
    ],
    rows: sheetTotals(consolidation, template, view).map((t) => [
      ...who(template, fields, t.sheet),
      t.answered,
      t.total,
      t.outOf,
      t.band,
      ...source(t.sheet),
    ]),
  };
}
