/**
 * Validates what readSheet found: every cell of every record through the zod schema of its field,
 * every problem at once, each with row, column and a Russian message. Rows with errors are reported
 * and left out of `records`; the rest are kept — one broken row never costs the others.
 */
import { z } from 'zod';
import { cellText } from '../text/normalize.js';
import {
  itemAnswers,
  tableColumns,
  type CellValue,
  type FieldDef,
  type ItemDef,
  type TemplateDef,
} from '../template/model.js';
import type { SheetRead } from '../template/read-sheet.js';
import { fieldSchema, fieldWarnings, type FieldContext } from '../template/fields.js';
import type { AcademicYear } from '../period/parse-period.js';
import { columnLetter, type Issue } from './issue.js';

export interface ValidRecord {
  readonly row: number;
  /** Parsed values by field key (null for empty cells). */
  readonly values: Readonly<Record<string, unknown>>;
  /** Cells as written, for the regional workbook («as written» columns). */
  readonly raw: Readonly<Record<string, CellValue>>;
  readonly item?: ItemDef;
}

/** A row with at least one error: what could be read of it, and why it was not accepted. */
export interface RejectedRecord {
  readonly row: number;
  /** Parsed values of the cells that passed, null for the others. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly raw: Readonly<Record<string, CellValue>>;
  /** The row's errors, column by column. */
  readonly problems: readonly RowProblem[];
}

/** One error of a row: the field, its header as the user sees it, the Russian message. */
export interface RowProblem {
  readonly field: string;
  readonly label: string;
  readonly message: string;
}

export interface SheetValidation {
  /** Parsed header block values by key. */
  readonly header: Readonly<Record<string, unknown>>;
  readonly records: readonly ValidRecord[];
  /** Rows that had at least one error. */
  readonly rejectedRows: number;
  /** Those rows themselves, in sheet order. */
  readonly rejected: readonly RejectedRecord[];
  readonly issues: readonly Issue[];
  readonly academicYear: AcademicYear | null;
  readonly districtNo: number | null;
}

export interface ValidateOptions {
  /** Used when the sheet does not say which year it plans. */
  readonly academicYear?: AcademicYear | null;
  /** Used when the sheet does not say which ММО it belongs to (file name, config). */
  readonly districtNo?: number | null;
}

function checkCell(
  field: FieldDef,
  raw: CellValue,
  ctx: FieldContext,
  at: { row?: number; col?: number },
): { value: unknown; issues: Issue[] } {
  const issues: Issue[] = [];
  const place = {
    row: at.row,
    column: at.col ? columnLetter(at.col) : undefined,
    columnLabel: field.label,
    field: field.key,
  };
  const result = fieldSchema(field).safeParse(raw ?? null);
  if (!result.success) {
    for (const e of result.error.issues) issues.push({ severity: 'error', message: e.message, ...place });
    return { value: undefined, issues };
  }
  for (const w of fieldWarnings(field, raw, ctx)) issues.push({ severity: 'warning', message: w, ...place });
  return { value: result.data, issues };
}

export function validateSheet(
  template: TemplateDef,
  read: SheetRead,
  options: ValidateOptions = {},
): SheetValidation {
  const issues: Issue[] = [...read.issues];
  const header: Record<string, unknown> = {};
  // Year and ММО first: the other fields are checked against them.
  const ordered = [...template.header].sort((a, b) => rank(a) - rank(b));
  let academicYear = options.academicYear ?? null;
  let districtNo = options.districtNo ?? read.titleDistrict?.no ?? null;
  for (const field of ordered) {
    const cell = read.header[field.key];
    const ctx: FieldContext = { academicYear, districtNo };
    const { value, issues: cellIssues } = checkCell(field, cell?.value ?? null, ctx, {
      row: cell?.row,
      col: cell?.col,
    });
    // The ММО left blank where the file name, the title or the settings say it: no one's mistake.
    if ((!cell || cellText(cell.value) === '') && field.type === 'mmo' && districtNo) {
      header[field.key] = districtNo;
      continue;
    }
    // A header field the sheet does not have at all is not the user's typo: only required ones matter,
    // and only where the sheet's layout has a place for them.
    if (!cell && (!field.required || read.optionalHeader?.includes(field.key))) continue;
    issues.push(...cellIssues.map((i) => (cell ? i : { ...i, message: `${i.message} (в шапке листа)` })));
    header[field.key] = value ?? null;
    if (field.type === 'academicYear' && typeof value === 'number') academicYear = { startYear: value };
    if (field.type === 'mmo' && typeof value === 'number') districtNo = value;
  }
  const ctx: FieldContext = { academicYear, districtNo };
  const records: ValidRecord[] = [];
  const rejected: RejectedRecord[] = [];
  let rejectedRows = 0;
  const columns = tableColumns(template);
  for (const rec of read.records) {
    const fields = rec.item && template.layout === 'items' ? itemAnswers(template, rec.item) : columns;
    const heading = isSectionHeading(template, rec.values);
    const values: Record<string, unknown> = {};
    const problems: RowProblem[] = [];
    let bad = false;
    for (const field of fields) {
      const col = rec.columns?.[field.key] ?? read.columns[field.key];
      if (col === undefined) {
        values[field.key] = null;
        continue;
      }
      // A heading has only its title: the other columns are empty by design, not forgotten.
      const asked = heading && field.required ? optional(field) : field;
      const { value, issues: cellIssues } = checkCell(asked, rec.values[field.key] ?? null, ctx, {
        row: rec.row,
        col,
      });
      for (const i of cellIssues) {
        if (i.severity !== 'error') continue;
        bad = true;
        problems.push({ field: field.key, label: field.label, message: i.message });
      }
      issues.push(...cellIssues);
      values[field.key] = value ?? null;
    }
    if (bad) {
      rejectedRows++;
      rejected.push({ row: rec.row, values, raw: rec.values, problems });
    } else records.push({ row: rec.row, values, raw: rec.values, item: rec.item });
  }
  return { header, records, rejectedRows, rejected, issues, academicYear, districtNo };
}

const optionalCopies = new WeakMap<FieldDef, FieldDef>();

/** The field without `required`, one copy per field: its zod schema is cached per object. */
function optional(field: FieldDef): FieldDef {
  let copy = optionalCopies.get(field);
  if (!copy) optionalCopies.set(field, (copy = { ...field, required: false }));
  return copy;
}

/** «I», «II.», «3», «Раздел 3»: what people put in «№» beside a section title (activities are «1.1»). */
const SECTION_NUMBER = /^(?:раздел\s*)?(?:[IVXLC]+|\d+)\.?$/i;

/** A row of a table with sections that fills only the section column (and perhaps its number). */
function isSectionHeading(template: TemplateDef, values: Readonly<Record<string, CellValue>>): boolean {
  if (template.layout !== 'table' || !template.sectionField) return false;
  if (cellText(values[template.sectionField] ?? null) === '') return false;
  return Object.entries(values).every(([key, v]) => {
    const text = cellText(v ?? null);
    return key === template.sectionField || text === '' || (key === 'no' && SECTION_NUMBER.test(text));
  });
}

function rank(f: FieldDef): number {
  return f.type === 'academicYear' ? 0 : f.type === 'mmo' ? 1 : 2;
}

/** Zod of the header block, for callers that build one from settings rather than from a sheet. */
export function headerSchema(template: TemplateDef): z.ZodType<Record<string, unknown>> {
  return z.object(Object.fromEntries(template.header.map((f) => [f.key, fieldSchema(f)])));
}
