/**
 * Parser of the Russian free-text period of «Сроки проведения» («Август-сентябрь», «Ноябрь, 2022»,
 * «В течение года», «до 20.12.2023», a real date…), read against the plan's academic year.
 */
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import type { CellValue } from '../template/model.js';
import { collapseSpaces, memoText, normalizeText } from '../text/normalize.js';
import { academicYearMonths, formatAcademicYear, parseAcademicYear } from './academic-year.js';
import { readMonths } from './grammar.js';
import { isValidYear, monthIndex, monthKey, span, windowEnd, windowStart } from './months.js';
import { isUnscheduled, isWholeYear, readFrequency } from './phrases.js';
import { tokenize } from './tokens.js';

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

/** Numbers in this range are Excel/Sheets serial dates (1954–2119); other numbers are not periods. */
const SERIAL_MIN = 20000;
const SERIAL_MAX = 80000;
/** Day 0 of Excel/Sheets serial dates (the 1900 leap-year bug is already folded in). */
const SERIAL_EPOCH = { year: 1899, monthIndex: 11, day: 30 };

/** Never throws: a cell of any content yields a result, unreadable ones with a Russian warning. */
export function parsePeriod(value: CellValue, year: AcademicYear): ParsedPeriod {
  if (value instanceof Date) return parseDate(value, year);
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= SERIAL_MIN && value <= SERIAL_MAX) {
      const { year: y, monthIndex: m, day } = SERIAL_EPOCH;
      return parseDate(new Date(y, m, day + Math.floor(value)), year);
    }
    return unknown(String(value), year);
  }
  if (typeof value === 'string') return parseTextOnce(`${year.startYear}|${value}`);
  if (typeof value === 'boolean') return unknown(String(value), year);
  return result('', 'unknown', [], year);
}

/**
 * A date typed into the cell. Local calendar fields, as date-fns reads them: Apps Script hands
 * over dates at midnight of the spreadsheet's time zone, exceljs at UTC midnight on a UTC server.
 */
function parseDate(date: Date, year: AcademicYear): ParsedPeriod {
  if (!isValid(date)) return unknown('', year);
  const text = format(date, 'dd.MM.yyyy');
  // Sheets shows a time-only cell as a date in 1899: not a period.
  if (!isValidYear(date.getFullYear())) return unknown(text, year);
  const month = monthIndex(date.getFullYear(), date.getMonth() + 1);
  return result(text, 'months', [month], year, { day: format(date, 'yyyy-MM-dd') });
}

/**
 * A plan repeats «Сентябрь», «В течение года» hundreds of times, and the plan API and dashboard
 * parse every event's period again: each text is parsed once per academic year.
 * The results are shared, hence read-only.
 */
const parseTextOnce = memoText((key) => {
  const bar = key.indexOf('|');
  return parseText(key.slice(bar + 1), { startYear: Number(key.slice(0, bar)) });
}, 5_000);

function parseText(raw: string, year: AcademicYear): ParsedPeriod {
  const text = collapseSpaces(raw);
  if (text === '') return result('', 'unknown', [], year);
  const normalized = normalizeText(raw);
  const frequency = readFrequency(normalized);
  const timesPerYear = frequency?.timesPerYear ?? null;

  // Written months win over phrases: «2 раза в год (ноябрь, апрель)» is scheduled in November and April.
  const read = readMonths(tokenize(normalized), year);
  if (read.months.length > 0) {
    return result(text, read.isSpan ? 'range' : 'months', read.months, year, { day: read.day, timesPerYear });
  }
  if (isUnscheduled(normalized)) return result(text, 'unscheduled', [], year, { timesPerYear });
  if (frequency) return result(text, 'recurring', [], year, { timesPerYear });

  // «В течение 2023-2024 учебного года» or a bare «2022-2023» name the year themselves.
  const named = /\d{4}\s*[-/]\s*\d{2,4}/.exec(normalized);
  const namedYear = named ? parseAcademicYear(named[0]) : null;
  if (isWholeYear(normalized) || (namedYear && parseAcademicYear(normalized))) {
    const whole = namedYear ?? year;
    return result(text, 'year', span(windowStart(whole), windowEnd(whole)), year);
  }
  return unknown(text, year);
}

function unknown(text: string, year: AcademicYear): ParsedPeriod {
  const warning =
    `Не удалось распознать срок «${text}»: напишите месяц и год, например «Ноябрь, ${year.startYear}», ` +
    `или «В течение года»`;
  return result(text, 'unknown', [], year, { warnings: [warning] });
}

function result(
  text: string,
  kind: PeriodKind,
  monthIndices: readonly number[],
  year: AcademicYear,
  extra: { day?: string | null; timesPerYear?: number | null; warnings?: readonly string[] } = {},
): ParsedPeriod {
  const months = [...new Set(monthIndices)].sort((a, b) => a - b).map(monthKey);
  const window = new Set(academicYearMonths(year));
  const warnings = [...(extra.warnings ?? [])];
  if (months.some((m) => !window.has(m))) {
    warnings.push(`Срок «${text}» выходит за пределы ${formatAcademicYear(year)} учебного года`);
  }
  return {
    text,
    kind,
    months,
    first: months[0] ?? null,
    last: months.at(-1) ?? null,
    day: extra.day ?? null,
    timesPerYear: extra.timesPerYear ?? null,
    warnings,
  };
}
