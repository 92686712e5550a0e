/**
 * Months as plain integers (year * 12 + month - 1), so that spans, window checks and sorting are
 * arithmetic instead of date juggling. Internal to the period parser.
 */
import type { AcademicYear } from './parse-period.js';

/** The month a plan starts with: August of the start year is the planning month. */
const FIRST_MONTH = 8;

/** Years a period may name. Wider values are noise (a stray number, a time-only cell), not plans. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2099;

export function monthIndex(year: number, month: number): number {
  return year * 12 + month - 1;
}

/** 'YYYY-MM'. */
export function monthKey(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function windowStart(year: AcademicYear): number {
  return monthIndex(year.startYear, FIRST_MONTH);
}

export function windowEnd(year: AcademicYear): number {
  return monthIndex(year.startYear + 1, FIRST_MONTH);
}

/** A month written without a year: August–December belong to the start year, January–July to the end year. */
export function defaultYear(month: number, year: AcademicYear): number {
  return month >= FIRST_MONTH ? year.startYear : year.startYear + 1;
}

export function isValidYear(year: number): boolean {
  return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(year, month, 0).getDate();
}

/** Inclusive list of month indices; reversed bounds are accepted because people write «май – сентябрь» either way. */
export function span(from: number, to: number): number[] {
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}
