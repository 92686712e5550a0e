/**
 * Which academic year a sheet plans, one rule for every form: the header field «Учебный год» → a
 * title line («на 2022-2023 учебный год») → the periods written with their year (a clear majority)
 * → other sheets of the same source → the run → today. This module settles the first three, which
 * the sheet says itself; the caller, who sees the other sheets, the run and the clock, the rest —
 * and {@link assumedYearMessage} words why a year was assumed.
 */
import { cellText } from '../text/normalize.js';
import { SHEET_SEARCH_ROWS } from './title-lines.js';
import { formatAcademicYear, parseAcademicYear } from '../period/academic-year.js';
import type { AcademicYear } from '../period/parse-period.js';
import {
  addVote,
  clearMajority,
  periodYearVote,
  plannedYearInText,
  titleAcademicYear,
  totalVotes,
  type YearTally,
} from '../period/year-votes.js';
import { tableColumns, type FieldDef, type Grid, type TemplateDef } from './model.js';
import type { SheetRead } from './read-sheet.js';
import { columnLetter, type Issue } from '../validation/issue.js';

/** Why a sheet got its year. */
export type YearBasis =
  /** «Учебный год» in the header block. */
  | { readonly kind: 'header' }
  /** A title line above the table, 1-based cell. */
  | { readonly kind: 'title'; readonly row: number; readonly col: number }
  /** The sheet's own dated periods. */
  | { readonly kind: 'periods'; readonly votes: number; readonly total: number }
  /** Other sheets of the same file or spreadsheet. */
  | { readonly kind: 'sheets'; readonly sheets: readonly string[] }
  /** The year set for the whole consolidation (settings, --year). */
  | { readonly kind: 'setting' }
  /** The year most sheets of the run name. */
  | { readonly kind: 'run' }
  /** Nothing named one: the academic year of today. */
  | { readonly kind: 'today' };

export interface SheetYear {
  /** Null when the sheet names no year by itself. */
  readonly year: AcademicYear | null;
  readonly basis: YearBasis | null;
  /** Votes of the dated periods, also when they were not clear enough to decide. */
  readonly tally: YearTally;
}

/** The form's «Учебный год» header field, if it has one. */
export function academicYearField(template: TemplateDef): FieldDef | undefined {
  return template.header.find((f) => f.type === 'academicYear');
}

function titleYear(grid: Grid, upTo: number): { year: AcademicYear; row: number; col: number } | null {
  for (let r = 0; r < Math.min(upTo, grid.length); r++) {
    const row = grid[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (typeof cell !== 'string') continue;
      const year = titleAcademicYear(cell);
      if (year) return { year, row: r + 1, col: c + 1 };
    }
  }
  return null;
}

/**
 * Enough votes to tell a year: a 55 000-row заявка is not read to its end for it (a period is
 * parsed twice per vote, and a deadline «до …» against a far-off probe year spans centuries).
 */
const MAX_VOTES = 400;

/** The votes of the period and date cells, and of events that say «на 2022-2023 учебный год». */
export function periodTally(template: TemplateDef, read: SheetRead): YearTally {
  const columns = tableColumns(template);
  const dated = columns.filter((f) => f.type === 'period' || f.type === 'date').map((f) => f.key);
  const texts = columns.filter((f) => f.type === 'text' && !f.personal).map((f) => f.key);
  const tally = new Map<number, number>();
  // The same few periods repeat down a sheet: each distinct text is parsed once.
  const seen = new Map<string, number | null>();
  const vote = (key: string, read: () => number | null) => {
    let year = seen.get(key);
    if (year === undefined) seen.set(key, (year = read()));
    addVote(tally, year);
  };
  for (const rec of read.records) {
    if (totalVotes(tally) >= MAX_VOTES) break;
    for (const key of dated) {
      const v = rec.values[key] ?? null;
      vote(v instanceof Date ? `d${v.getTime()}` : `${typeof v}:${String(v)}`, () => periodYearVote(v));
    }
    for (const key of texts) {
      const v = rec.values[key];
      if (typeof v === 'string' && v.length < 600 && /\d{4}/.test(v))
        vote(`t:${v}`, () => plannedYearInText(v));
    }
  }
  return tally;
}

/** What the sheet says about its year by itself: header, title, periods. */
export function ownSheetYear(template: TemplateDef, read: SheetRead, grid: Grid): SheetYear {
  const field = academicYearField(template);
  const none = new Map<number, number>();
  if (!field) return { year: null, basis: null, tally: none };
  const cell = read.header[field.key];
  const fromHeader = cell ? parseAcademicYear(cell.value) : null;
  if (fromHeader) return { year: fromHeader, basis: { kind: 'header' }, tally: none };
  const title = titleYear(grid, read.headerRow !== null ? read.headerRow - 1 : SHEET_SEARCH_ROWS);
  if (title)
    return { year: title.year, basis: { kind: 'title', row: title.row, col: title.col }, tally: none };
  const tally = periodTally(template, read);
  const majority = clearMajority(tally);
  if (majority !== null) {
    return {
      year: { startYear: majority },
      basis: { kind: 'periods', votes: tally.get(majority) ?? 0, total: totalVotes(tally) },
      tally,
    };
  }
  return { year: null, basis: null, tally };
}

/** Whether the sheet stated the year (no warning) rather than it being worked out. */
export function isStatedYear(basis: YearBasis | null): boolean {
  return basis?.kind === 'header' || basis?.kind === 'title';
}

function votesText(tally: YearTally): string {
  return [...tally.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([y, n]) => `${formatAcademicYear({ startYear: y })} — ${n}`)
    .join(', ');
}

const QUOTED = (names: readonly string[]) => names.map((n) => `«${n}»`).join(', ');

/**
 * The warning of a year the sheet did not state: which year and why, and what to do. Null when the
 * sheet stated it (header or title).
 */
export function assumedYearMessage(
  year: AcademicYear,
  basis: YearBasis,
  tally: YearTally,
  fieldLabel: string,
): string | null {
  if (isStatedYear(basis)) return null;
  const y = formatAcademicYear(year);
  let why: string;
  switch (basis.kind) {
    case 'periods':
      why = `по срокам проведения: ${basis.votes} из ${basis.total} сроков с указанным годом относятся к нему`;
      break;
    case 'sheets':
      why = `как в ${basis.sheets.length > 1 ? 'других листах' : 'листе'} ${QUOTED(basis.sheets)} этого же файла`;
      break;
    case 'setting':
      why = 'из настройки сводки (учебный год)';
      break;
    case 'run':
      why = 'как у большинства листов сводки';
      break;
    case 'today':
      why = 'текущий учебный год по сегодняшней дате';
      break;
    default:
      why = '';
  }
  const split =
    basis.kind !== 'periods' && tally.size > 0
      ? `; сроки с годом в листе не дают явного большинства (${votesText(tally)})`
      : '';
  return `учебный год в листе не указан — принят ${y}, ${why}${split}. Если год другой, впишите «${fieldLabel}» в шапку листа`;
}

/** The assumed year as the header cell a sheet without one would have had. */
export function headerYearCell(
  year: AcademicYear,
  at: { row: number; col: number } = { row: 0, col: 0 },
): { value: string; row: number; col: number } {
  return { value: formatAcademicYear(year), row: at.row, col: at.col };
}

/** True when a header cell has something written in it (a typo in the year is the user's to fix). */
export function hasWrittenValue(cell: { readonly value: unknown } | undefined): boolean {
  return cell !== undefined && cellText(cell.value) !== '';
}

/** What a sheet's year was settled on: the year, why, and the sheet's own period votes. */
export interface SettledYear {
  readonly year: AcademicYear;
  readonly basis: YearBasis;
  readonly tally: YearTally;
}

/**
 * A sheet checked against the year the rule settled on, as the consolidator and the add-on's check
 * both do: an empty or missing «Учебный год» is no error then — the read gets the header cell the
 * sheet would have had, and the warning says which year was taken and how to state another one.
 * A written value is left alone (a typo in the year is the user's to fix).
 */
export function withSettledYear(
  template: TemplateDef,
  read: SheetRead,
  settled: SettledYear,
): { readonly read: SheetRead; readonly warning: Issue | null } {
  const field = academicYearField(template);
  if (!field) return { read, warning: null };
  const cell = read.header[field.key];
  let filled = read;
  if (!hasWrittenValue(cell) && settled.basis.kind !== 'header') {
    const at = settled.basis.kind === 'title' ? settled.basis : (cell ?? { row: 0, col: 0 });
    filled = { ...read, header: { ...read.header, [field.key]: headerYearCell(settled.year, at) } };
  }
  const message = assumedYearMessage(settled.year, settled.basis, settled.tally, field.label);
  const warning: Issue | null = message
    ? {
        severity: 'warning',
        message,
        field: field.key,
        // On the cell to fill in, when the sheet has one: the check marks it where the year belongs.
        row: cell?.row || undefined,
        column: cell?.col ? columnLetter(cell.col) : undefined,
        columnLabel: field.label,
      }
    : null;
  return { read: filled, warning };
}
