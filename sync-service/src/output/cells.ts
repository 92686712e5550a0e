/**
 * How the regional workbook writes the values every sheet shares: the ММО, a cell as written, a period
 * as parsed. One place, so «Сводный план» and the sheets of the forms' views read alike.
 */
import { cellText, districtByNo, type CellValue, type ParsedPeriod } from '@mmo/shared';
import { monthLabel } from '../engine/aggregate.js';
import type { RegionalColumn } from './regional-sheets.js';

export const col = (header: string, width: number): RegionalColumn => ({ header, width });

const NO_MMO = 'Без ММО (план с РМЦ и нераспознанные)';

/** «№4. Горный» — the dropdown label people know. */
export function mmoLabel(mmo: number | null): string {
  return mmo === null ? NO_MMO : (districtByNo(mmo)?.label ?? `№${mmo}`);
}

/** The header of an ММО's count column: «ММО №4», «Без ММО». */
export function mmoColumn(mmo: number | null): string {
  return mmo === null ? 'Без ММО' : `ММО №${mmo}`;
}

/** A cell as written: text keeps its line breaks, dates stay dates, empty stays empty. */
export function asWritten(value: unknown): CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  return cellText(value);
}

const KIND_LABELS: Readonly<Record<ParsedPeriod['kind'], string>> = {
  months: 'месяц',
  range: 'период',
  year: 'в течение года',
  recurring: 'регулярно',
  unscheduled: 'по отдельному плану',
  unknown: 'не распознан',
};

/** The period column headers after the «as written» one, in the order {@link periodCells} fills them. */
export const PERIOD_COLUMNS = ['Первый месяц', 'Последний месяц', 'Вид срока'] as const;

/** A period as written, its first and last month and its kind; all empty for an empty cell. */
export function periodCells(raw: unknown, p: ParsedPeriod | undefined): CellValue[] {
  if (!p) return [asWritten(raw), null, null, null];
  const dated = p.kind === 'months' || p.kind === 'range';
  return [
    asWritten(raw),
    dated && p.first ? monthLabel(p.first) : null,
    dated && p.last ? monthLabel(p.last) : null,
    p.kind === 'months' && p.months.length > 1 ? 'несколько месяцев' : KIND_LABELS[p.kind],
  ];
}
