/** The academic year of a plan and its months. */
import type { AcademicYear } from './parse-period.js';

/** «2022-2023», «2022/2023 уч. год», «на 2022-2023 учебный год», 2022 → { startYear: 2022 }. */
export function parseAcademicYear(value: unknown): AcademicYear | null {
  void value;
  throw new Error('not implemented');
}

/** «2022-2023». */
export function formatAcademicYear(year: AcademicYear): string {
  return `${year.startYear}-${year.startYear + 1}`;
}

/** Months a plan of this year may use, 'YYYY-MM': August of the start year (planning) to August of the end year. */
export function academicYearMonths(year: AcademicYear): string[] {
  void year;
  throw new Error('not implemented');
}

/** «ноябрь 2022» for '2022-11' (date-fns, ru). */
export function formatMonthRu(month: string): string {
  void month;
  throw new Error('not implemented');
}

/** Dropdown values for «Сроки проведения»: the months of the year as people write them, then the recurring values of the seeds. */
export function periodSuggestions(year: AcademicYear): string[] {
  void year;
  throw new Error('not implemented');
}
