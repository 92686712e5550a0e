/** A problem found in a sheet: where it is and what to do about it, in Russian. */
import { capitalize } from '../text/russian.js';

export type Severity = 'error' | 'warning';

export interface Issue {
  readonly severity: Severity;
  readonly message: string;
  /** File name or spreadsheet title, when known. */
  readonly file?: string;
  readonly sheet?: string;
  /** 1-based sheet row. */
  readonly row?: number;
  /** Column letter, e.g. «D». */
  readonly column?: string;
  /** Column header as the user sees it. */
  readonly columnLabel?: string;
  /** Field key, for programs. */
  readonly field?: string;
}

/** «A» for 1, «AA» for 27. */
export function columnLetter(col: number): string {
  let n = col;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** «Файл «x.xlsx», лист «План ММО», строка 12, столбец D «Сроки проведения»: …» */
export function formatIssue(issue: Issue): string {
  const where: string[] = [];
  if (issue.file) where.push(`файл «${issue.file}»`);
  if (issue.sheet) where.push(`лист «${issue.sheet}»`);
  if (issue.row) where.push(`строка ${issue.row}`);
  if (issue.column)
    where.push(`столбец ${issue.column}${issue.columnLabel ? ` «${issue.columnLabel}»` : ''}`);
  const prefix = where.length ? `${where.join(', ')}: ` : '';
  return capitalize(prefix + issue.message);
}

export function withPlace(issues: readonly Issue[], place: { file?: string; sheet?: string }): Issue[] {
  return issues.map((i) => ({ ...i, ...place }));
}

type Graded = Pick<Issue, 'severity'>;

export function countBySeverity(issues: readonly Graded[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const i of issues) if (i.severity === 'error') errors++;
  return { errors, warnings: issues.length - errors };
}

/** Errors before warnings, each in its own order: a capped list never hides an error behind warnings. */
export function errorsFirst<T extends Graded>(issues: readonly T[]): T[] {
  return [...issues.filter((i) => i.severity === 'error'), ...issues.filter((i) => i.severity !== 'error')];
}
