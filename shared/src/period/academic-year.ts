/** The academic year of a plan and its months. */
import { format } from 'date-fns/format';
import { ru } from 'date-fns/locale/ru';
import type { AcademicYear } from './parse-period.js';
import { isValidYear, monthKey, span, windowEnd, windowStart } from './months.js';
import { normalizeText } from '../text/normalize.js';
import { capitalize } from '../text/russian.js';

/** Two years with a link: «2022-2023», «2022/23», «2022 – 2023». */
const YEAR_PAIR = /(?<!\d)(\d{4})\s*[-/]\s*(\d{4}|\d{2})(?!\d)/g;

/** «2022-2023», «2022/2023 уч. год», «на 2022-2023 учебный год», 2022 → { startYear: 2022 }. */
export function parseAcademicYear(value: unknown): AcademicYear | null {
  if (typeof value === 'number') {
    return isValidYear(value) ? { startYear: value } : null;
  }
  if (typeof value !== 'string') return null;
  const text = normalizeText(value);
  if (/^\d{4}$/.test(text)) {
    const startYear = Number(text);
    return isValidYear(startYear) ? { startYear } : null;
  }
  const pairs = [...text.matchAll(YEAR_PAIR)];
  // Any other number («2022-2023, 2024», «2 полугодие 2022-2023») makes the label ambiguous.
  const digitRuns = text.match(/\d+/g) ?? [];
  if (pairs.length !== 1 || digitRuns.length !== 2) return null;
  const start = Number(pairs[0][1]);
  const endText = pairs[0][2];
  const consecutive =
    endText.length === 4 ? Number(endText) === start + 1 : Number(endText) === (start + 1) % 100;
  return consecutive && isValidYear(start) ? { startYear: start } : null;
}

/**
 * The month that opens an academic year: 1 September, as the school year begins by law. August
 * closes the year before (summer courses, the August conference); the plans still list the August
 * before their year as its planning month — {@link academicYearMonths}.
 */
export const ACADEMIC_YEAR_FIRST_MONTH = 9;

/** The academic year a calendar month falls in (month 1–12): September 2022 … August 2023 → 2022. */
export function academicYearOfMonth(year: number, month: number): AcademicYear {
  return { startYear: month >= ACADEMIC_YEAR_FIRST_MONTH ? year : year - 1 };
}

/**
 * The academic year a day falls in, by its local calendar date: 31 August 2026 is still 2025-2026,
 * 1 September 2026 is 2026-2027. The one rule the add-on, the .xlsx templates and the consolidator
 * use for «this year».
 */
export function academicYearOf(date: Date): AcademicYear {
  return academicYearOfMonth(date.getFullYear(), date.getMonth() + 1);
}

/** «2022-2023». */
export function formatAcademicYear(year: AcademicYear): string {
  return `${year.startYear}-${year.startYear + 1}`;
}

/** Months a plan of this year may use, 'YYYY-MM': August of the start year (planning) to August of the end year. */
export function academicYearMonths(year: AcademicYear): string[] {
  return span(windowStart(year), windowEnd(year)).map(monthKey);
}

function monthDate(month: string): Date | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const mm = Number(m[2]);
  return mm >= 1 && mm <= 12 ? new Date(Number(m[1]), mm - 1, 1) : null;
}

/** «ноябрь 2022» for '2022-11' (date-fns, ru). Anything that is not 'YYYY-MM' is returned unchanged. */
export function formatMonthRu(month: string): string {
  const date = monthDate(month);
  return date ? format(date, 'LLLL yyyy', { locale: ru }) : month;
}

/** «Ноябрь, 2022»: the way the seeds write a month. */
function seedStyleMonth(month: string): string {
  const date = monthDate(month);
  if (!date) return month;
  const name = format(date, 'LLLL', { locale: ru });
  return `${capitalize(name)}, ${format(date, 'yyyy')}`;
}

/** The frequencies and whole-year values that recur in the seeds, offered after the months. */
const RECURRING_SUGGESTIONS = ['В течение года', 'По отдельному плану', '2 раза в год', 'Ежегодно'] as const;

/** Dropdown values for «Сроки проведения»: the months of the year as people write them, then the recurring values of the seeds. */
export function periodSuggestions(year: AcademicYear): string[] {
  return [...academicYearMonths(year).map(seedStyleMonth), ...RECURRING_SUGGESTIONS];
}
