/**
 * Parser of the Russian free-text period of «Сроки проведения» («Август-сентябрь», «Ноябрь, 2022»,
 * «В течение года», «до 20.12.2023», a real date…), read against the plan's academic year.
 */
import type { CellValue } from '../template/model.js';

/** What kind of period a cell holds. */
export type PeriodKind =
  /** One or more exact months («Ноябрь, 2022», «Ноябрь, 2022 / Апрель 2023», a date). */
  | 'months'
  /** A span of months («Август-сентябрь», «сентябрь 2023- май 2024», «до 20.12.2023»). */
  | 'range'
  /** The whole academic year («В течение года»). */
  | 'year'
  /** A frequency without months («2 раза в год», «Ежегодно»). */
  | 'recurring'
  /** No date yet («По отдельному плану»). */
  | 'unscheduled'
  /** Not readable; the text is kept as written. */
  | 'unknown';

/** The academic year of a plan: startYear 2022 is «2022-2023». */
export interface AcademicYear {
  readonly startYear: number;
}

export interface ParsedPeriod {
  /** The text as written, whitespace collapsed. */
  readonly text: string;
  readonly kind: PeriodKind;
  /** Months covered, 'YYYY-MM', ascending and distinct; every plan month for 'year'; empty when unknown. */
  readonly months: readonly string[];
  readonly first: string | null;
  readonly last: string | null;
  /** A precise day when one was written (a real date, «до 20.12.2023»), 'YYYY-MM-DD'. */
  readonly day: string | null;
  /** «2 раза в год» → 2, «Ежегодно» → 1. */
  readonly timesPerYear: number | null;
  /** Russian messages for the user: unreadable, or outside the plan's academic year. */
  readonly warnings: readonly string[];
}

export function parsePeriod(value: CellValue, year: AcademicYear): ParsedPeriod {
  void value;
  void year;
  throw new Error('not implemented');
}
