/**
 * What the item and record view kinds share: a form's sheets in ММО order, the items a view counts
 * with their headings, and the columns that say whose sheet a row comes from and which item it is.
 */
import {
  cellText,
  formatAcademicYear,
  itemAnswers,
  itemNumber,
  tableColumns,
  type CellValue,
  type FieldDef,
  type ItemDef,
  type TemplateDef,
} from '@mmo/shared';
import { compareMmo } from '../engine/aggregate.js';
import type { ConsolidatedSheet, Consolidation } from '../model.js';
import { asWritten, col, mmoLabel } from '../output/cells.js';
import type { RegionalColumn } from '../output/regional-sheets.js';

export type SheetRecord = ConsolidatedSheet['records'][number];

/** The template's sheets in ММО order, keeping the order of the sources within one ММО. */
export function sheetsOf(consolidation: Consolidation, template: TemplateDef): ConsolidatedSheet[] {
  return consolidation.sheets
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.templateId === template.id)
    .sort((a, b) => compareMmo(a.s.mmo, b.s.mmo) || a.i - b.i)
    .map(({ s }) => s);
}

export function yearOf(sheet: ConsolidatedSheet, consolidation: Consolidation): { startYear: number } {
  return { startYear: sheet.academicYear ?? consolidation.academicYear };
}

export interface ViewItem {
  readonly item: ItemDef;
  /** The nearest heading above the item («Раздел 1. Целеполагание»), if any. */
  readonly group: string | null;
  /** The item's own definition of the view's field (its scale may differ from the template's). */
  readonly field: FieldDef;
}

/** Items that have the field as an answer, in form order, with their headings. */
export function viewItems(template: TemplateDef, key: string): ViewItem[] {
  if (template.layout !== 'items') return [];
  const items: ViewItem[] = [];
  let group: string | null = null;
  for (const item of template.items) {
    if (item.isGroup) {
      group = item.text;
      continue;
    }
    const field = itemAnswers(template, item).find((f) => f.key === key);
    if (field) items.push({ item, group, field });
  }
  return items;
}

/** Item records of a sheet by item id (the first, when a pasted sheet repeats an item). */
export function recordsByItem(sheet: ConsolidatedSheet): Map<string, SheetRecord> {
  const byItem = new Map<string, SheetRecord>();
  for (const r of sheet.records) if (r.itemId !== undefined && !byItem.has(r.itemId)) byItem.set(r.itemId, r);
  return byItem;
}

export function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function textOf(value: unknown): string {
  return Array.isArray(value) ? cellText(value[0] ?? null) : cellText(value);
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Per item, the ММО in order: what per-item views group by. */
export function perItemAndMmo<T>(
  consolidation: Consolidation,
  template: TemplateDef,
  field: string,
  add: (acc: T | undefined, value: unknown) => T | undefined,
): { item: ViewItem; mmo: number | null; acc: T }[] {
  const items = viewItems(template, field);
  const acc = new Map<string, { item: ViewItem; mmo: number | null; acc: T }>();
  for (const sheet of sheetsOf(consolidation, template)) {
    const byItem = recordsByItem(sheet);
    items.forEach((item, order) => {
      const record = byItem.get(item.item.id);
      const key = `${order}\u0000${sheet.mmo}`;
      const prev = acc.get(key);
      const next = add(prev?.acc, record?.values[field]);
      if (next !== undefined) acc.set(key, { item, mmo: sheet.mmo, acc: next });
    });
  }
  const order = new Map(items.map((i, n) => [i.item.id, n]));
  return [...acc.values()].sort(
    (a, b) => order.get(a.item.item.id)! - order.get(b.item.item.id)! || compareMmo(a.mmo, b.mmo),
  );
}

/** Forms РМЦ fills itself (the regional self-diagnostics) have no ММО column. */
export function hasMmo(template: TemplateDef): boolean {
  return template.header.some((f) => f.type === 'mmo');
}

/** Header fields that tell sheets apart: municipality, organisation, date; not the ММО, not the year. */
export function whoFields(template: TemplateDef, canSeePersonal: boolean): FieldDef[] {
  return template.header.filter(
    (f) => f.type !== 'mmo' && f.type !== 'academicYear' && (canSeePersonal || !f.personal),
  );
}

export function headerCell(field: FieldDef, value: unknown): CellValue {
  // Parsed header values: dates come back as 'YYYY-MM-DD', years as their start year.
  if (field.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return new Date(`${value}T00:00:00Z`);
  if (field.type === 'academicYear' && typeof value === 'number')
    return formatAcademicYear({ startYear: value });
  return asWritten(value);
}

export function who(
  template: TemplateDef,
  fields: readonly FieldDef[],
  sheet: ConsolidatedSheet,
): CellValue[] {
  return [
    ...(hasMmo(template) ? [mmoLabel(sheet.mmo)] : []),
    ...fields.map((f) => headerCell(f, sheet.header[f.key])),
  ];
}

export function whoColumns(template: TemplateDef, fields: readonly FieldDef[]): RegionalColumn[] {
  return [
    ...(hasMmo(template) ? [col('ММО', 28)] : []),
    ...fields.map((f) => col(f.label, Math.min(f.width ?? 24, 30))),
  ];
}

export const SOURCE_COLUMNS = [col('Источник', 30), col('Лист', 18)];

export function source(sheet: ConsolidatedSheet): CellValue[] {
  return [sheet.sourceName, sheet.sheetName];
}

/** «Критерии оценки» of «Критерии оценки. Разделы 1-5 …»: the item column's name without its notes. */
export function itemColumnName(template: TemplateDef): string {
  return template.layout === 'items' ? (template.itemLabel.split(/\.\s/)[0] ?? template.itemLabel) : 'Пункт';
}

export function itemColumns(template: TemplateDef): RegionalColumn[] {
  return [col('Раздел', 30), col('№', 8), col(itemColumnName(template), 60)];
}

export function itemCells(item: ViewItem): CellValue[] {
  return [item.group, itemNumber(item.item) || null, item.item.text];
}

export function fieldOf(template: TemplateDef, key: string): FieldDef | undefined {
  return tableColumns(template).find((f) => f.key === key);
}

/** The field's column header, or its key when the form has no such field. */
export function fieldLabel(template: TemplateDef, key: string): string {
  return fieldOf(template, key)?.label ?? key;
}

export function quoted(values: readonly string[]): string {
  return values.map((v) => `«${v}»`).join(', ');
}
