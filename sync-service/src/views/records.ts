/** The `records` kind: every record of every sheet of a form, ММО first, a period column also as parsed. */
import {
  cellText,
  parsePeriod,
  tableColumns,
  type CellValue,
  type FieldDef,
  type ParsedPeriod,
  type TemplateDef,
} from '@mmo/shared';
import type { ConsolidatedSheet, Consolidation } from '../model.js';
import { asWritten, col, PERIOD_COLUMNS, periodCells } from '../output/cells.js';
import type { RegionalSheet } from '../output/regional-sheets.js';
import { PLACES, type KindModule, type ViewContext, type ViewOf } from './kind.js';
import {
  sheetsOf,
  source,
  SOURCE_COLUMNS,
  who,
  whoColumns,
  whoFields,
  yearOf,
  type SheetRecord,
} from './items.js';

export interface ViewRecord {
  readonly sheet: ConsolidatedSheet;
  readonly record: SheetRecord;
  /** Parsed period of every period column, by key; absent when the cell is empty. */
  readonly periods: ReadonlyMap<string, ParsedPeriod>;
}

export function viewRecords(consolidation: Consolidation, template: TemplateDef): ViewRecord[] {
  const periodKeys =
    template.layout === 'table' ? template.columns.filter((f) => f.type === 'period').map((f) => f.key) : [];
  const out: ViewRecord[] = [];
  for (const sheet of sheetsOf(consolidation, template)) {
    const year = yearOf(sheet, consolidation);
    for (const record of sheet.records) {
      const periods = new Map<string, ParsedPeriod>();
      for (const key of periodKeys) {
        const raw = (record.raw[key] as CellValue | undefined) ?? null;
        if (cellText(raw) !== '') periods.set(key, parsePeriod(raw, year));
      }
      out.push({ sheet, record, periods });
    }
  }
  return out;
}

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

export const records: KindModule<'records'> = {
  place: PLACES.listing,
  sheet: (context, [{ template, view }]) => recordsSheet(context.consolidation, template, view, context),
};
