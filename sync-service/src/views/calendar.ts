/**
 * The `calendar` kind: months of the academic year × ММО, how many records of a plan a period column
 * places in each month; whole-year, recurring, undated and unreadable periods in rows of their own.
 */
import { DISTRICTS, formatAcademicYear } from '@mmo/shared';
import { eventCalendar, planEvents, type CalendarView } from '../engine/aggregate.js';
import type { Consolidation } from '../model.js';
import { col, mmoColumn } from '../output/cells.js';
import type { RegionalSheet } from '../output/regional-sheets.js';
import { PLACES, type DeclaredView, type KindModule, type ViewContext } from './kind.js';

const DISTRICT_NOS = DISTRICTS.map((d) => d.no);

export function calendarOf(
  consolidation: Consolidation,
  { template, view }: DeclaredView<'calendar'>,
): CalendarView {
  return eventCalendar(
    planEvents(consolidation, template.id, view.field),
    consolidation.academicYear,
    DISTRICT_NOS,
  );
}

export function calendarSheet(
  { consolidation }: ViewContext,
  [declared]: readonly [DeclaredView<'calendar'>, ...DeclaredView<'calendar'>[]],
): RegionalSheet {
  const view = calendarOf(consolidation, declared);
  return {
    name: declared.view.sheet,
    columns: [
      col(`Месяц (${formatAcademicYear({ startYear: consolidation.academicYear })})`, 34),
      ...view.columns.map((m) => col(mmoColumn(m), 10)),
      col('Всего', 10),
    ],
    rows: view.rows.map((r) => [r.label, ...view.columns.map((m) => r.counts.get(m) ?? 0), r.total]),
  };
}

export const calendar: KindModule<'calendar'> = { place: PLACES.calendar, sheet: calendarSheet };
