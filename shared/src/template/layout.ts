/**
 * Where everything sits on a rendered sheet. The .xlsx renderer and the add-on both place cells
 * from this one layout; the reader does not rely on it (people move things), it searches.
 */
import {
  tableColumns,
  itemAnswers,
  printedColumns,
  type FieldDef,
  type ItemDef,
  type TemplateDef,
} from './model.js';

/** Rows below the header that carry dropdowns in a table template. */
export const TABLE_ROWS_WITH_VALIDATION = 500;

export interface SheetLayout {
  readonly titleRow: number;
  /** Header block: label in column 1, value in column 2. */
  readonly headerRows: readonly { readonly field: FieldDef; readonly row: number }[];
  readonly tableHeaderRow: number;
  readonly firstDataRow: number;
  /** Last row that carries validations (table) or the last item row (items). */
  readonly lastDataRow: number;
  /** 1-based columns of the table part. */
  readonly columns: readonly { readonly field: FieldDef; readonly col: number }[];
  /** Items layout: the row of each item. */
  readonly items: readonly { readonly item: ItemDef; readonly row: number }[];
  readonly lastColumn: number;
}

export function sheetLayout(template: TemplateDef): SheetLayout {
  const headerRows = template.header.map((field, i) => ({ field, row: 2 + i }));
  const tableHeaderRow = 3 + template.header.length;
  const firstDataRow = tableHeaderRow + 1;
  const columns = tableColumns(template).map((field, i) => ({ field, col: i + 1 }));
  const items =
    template.layout === 'items' ? template.items.map((item, i) => ({ item, row: firstDataRow + i })) : [];
  const lastDataRow =
    template.layout === 'items'
      ? firstDataRow + items.length - 1
      : firstDataRow + TABLE_ROWS_WITH_VALIDATION - 1;
  return {
    titleRow: 1,
    headerRows,
    tableHeaderRow,
    firstDataRow,
    lastDataRow,
    columns,
    items,
    lastColumn: Math.max(columns.length, 2),
  };
}

/**
 * Ranges of rows in one column that share the same answer field: one validation per range,
 * never per cell. For a table that is the whole column; for items, runs of consecutive items
 * with the same definition of that column.
 */
export function validationRuns(
  template: TemplateDef,
  layout: SheetLayout = sheetLayout(template),
): { readonly field: FieldDef; readonly col: number; readonly fromRow: number; readonly toRow: number }[] {
  const runs: { field: FieldDef; col: number; fromRow: number; toRow: number }[] = [];
  if (template.layout === 'table') {
    for (const { field, col } of layout.columns)
      runs.push({ field, col, fromRow: layout.firstDataRow, toRow: layout.lastDataRow });
    return runs;
  }
  const printed = new Set(printedColumns(template).map((f) => f.key));
  for (const { field: column, col } of layout.columns) {
    if (printed.has(column.key)) continue;
    let open: { field: FieldDef; col: number; fromRow: number; toRow: number } | null = null;
    for (const { item, row } of layout.items) {
      const field = itemAnswers(template, item).find((f) => f.key === column.key) ?? null;
      if (open && field && sameField(open.field, field) && open.toRow === row - 1) {
        open.toRow = row;
        continue;
      }
      if (open) runs.push(open);
      open = field ? { field, col, fromRow: row, toRow: row } : null;
    }
    if (open) runs.push(open);
  }
  return runs;
}

function sameField(a: FieldDef, b: FieldDef): boolean {
  return (
    a.type === b.type &&
    (a.choices ?? []).join('\n') === (b.choices ?? []).join('\n') &&
    a.allowOther === b.allowOther
  );
}
