/**
 * Evidence of the academic year in what a sheet says about itself: a title line («на 2022-2023
 * учебный год») and the periods written with their year («Сентябрь, 2022», «до 20.12.2023», a real
 * date). Bare months («Октябрь», «В течение года») say nothing: their year is what is being sought.
 */
import type { CellValue } from '../template/model.js';
import { normalizeText } from '../text/normalize.js';
import { academicYearOfMonth, parseAcademicYear } from './academic-year.js';
import { parsePeriod, type AcademicYear } from './parse-period.js';

/** Votes per start year: 2022 → 7 means seven periods fall in 2022-2023. */
export type YearTally = ReadonlyMap<number, number>;

/** Two years with a link, as a year pair is written in a title. */
const YEAR_PAIR = /(?<!\d)(\d{4})\s*[-/]\s*(\d{4}|\d{2})(?!\d)/g;
/** «учебный год», «уч. год», «уч.г.», «учебного года». */
const SCHOOL_YEAR_WORD = /учеб|уч\s*\.?\s*г/;

/**
 * Two assumed years far apart: a month whose year the text does not fix moves with the assumption,
 * a month written with its year stays. What both readings share is what the writer fixed.
 */
const PROBE_A: AcademicYear = { startYear: 1950 };
const PROBE_B: AcademicYear = { startYear: 2090 };

/**
 * The academic year a period cell names by itself, or null. Each month it fixes votes for its
 * academic year (September–December of Y and January–August of Y+1 for Y); the cell goes with the
 * majority of its months, on a tie with the later year («Август-сентябрь 2022» is a start, 2022).
 */
export function periodYearVote(value: CellValue): number | null {
  if (value === null || typeof value === 'boolean') return null;
  // Without a digit no year is written: skip the parser for the many bare «Октябрь» cells.
  if (typeof value === 'string' && !/\d/.test(value)) return null;
  const a = parsePeriod(value, PROBE_A).months;
  if (a.length === 0) return null;
  const b = new Set(parsePeriod(value, PROBE_B).months);
  const counts = new Map<number, number>();
  for (const month of a) {
    if (!b.has(month)) continue;
    const { startYear } = academicYearOfMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
    counts.set(startYear, (counts.get(startYear) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [year, n] of counts) {
    const top = best === null ? 0 : (counts.get(best) ?? 0);
    if (n > top || (n === top && best !== null && year > best)) best = year;
  }
  return best;
}

/**
 * The academic year a title line names: a year pair next to «учебный год». A line that names two
 * («анализ за 2021-2022 и план на 2022-2023 учебный год») is read by its «на».
 */
export function titleAcademicYear(text: string): AcademicYear | null {
  const key = normalizeText(text);
  if (key.length > 300 || !SCHOOL_YEAR_WORD.test(key)) return null;
  const years: { year: AcademicYear; on: boolean; over: boolean }[] = [];
  for (const m of key.matchAll(YEAR_PAIR)) {
    const year = parseAcademicYear(m[0]);
    if (!year) continue;
    const before = key.slice(Math.max(0, m.index - 4), m.index);
    years.push({ year, on: /(^|\s)на\s*$/.test(before), over: /(^|\s)за\s*$/.test(before) });
  }
  return (years.find((y) => y.on) ?? years.find((y) => !y.over))?.year ?? null;
}

/**
 * A year an event or programme names for itself: «Планирование работы на 2022-2023 учебный год».
 * Only with «на»: «Анализ работы за 2021-2022 учебный год» is held in the next year.
 */
export function plannedYearInText(text: string): number | null {
  const key = normalizeText(text);
  if (!/(^|\s)на\s*\d{4}/.test(key) || !SCHOOL_YEAR_WORD.test(key)) return null;
  for (const m of key.matchAll(YEAR_PAIR)) {
    const before = key.slice(Math.max(0, m.index - 4), m.index);
    if (!/(^|\s)на\s*$/.test(before)) continue;
    const year = parseAcademicYear(m[0]);
    if (year) return year.startYear;
  }
  return null;
}

/** Adds one vote. */
export function addVote(tally: Map<number, number>, year: number | null): void {
  if (year !== null) tally.set(year, (tally.get(year) ?? 0) + 1);
}

export function totalVotes(tally: YearTally): number {
  let total = 0;
  for (const n of tally.values()) total += n;
  return total;
}

/** The year with more than half of the votes, or null: a split sheet is no evidence. */
export function clearMajority(tally: YearTally): number | null {
  const total = totalVotes(tally);
  for (const [year, n] of tally) if (2 * n > total) return year;
  return null;
}
