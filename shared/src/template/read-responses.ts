/**
 * A form export (Google Forms, Яндекс Формы) of an items form: one respondent per row, «Отметка
 * времени» first, a column per header field («Муниципалитет», «Должность»…) and one per item — a
 * grid question «Общепедагогические затруднения [1. Знание и применение …:]» or the bare item
 * text. Every respondent becomes a read of its own, as if they had filled a sheet, so validation,
 * «Полнота» and the summaries treat them like any questionnaire.
 */
import { cellText, normalizeLabel } from '../text/normalize.js';
import { columnLetter, type Issue } from '../validation/issue.js';
import {
  itemAnswers,
  type CellValue,
  type FieldDef,
  type Grid,
  type ItemDef,
  type ItemsTemplate,
} from './model.js';
import { itemTextKey, itemTextMatcher, type SheetRead, type SheetRecord } from './read-sheet.js';

/** The first column of an export: Google Forms, its English face, Яндекс Формы. */
export const RESPONSE_TIME_LABELS: readonly string[] = [
  'Отметка времени',
  'Timestamp',
  'Время создания',
  'Время отправки',
  'Дата и время',
  'Дата заполнения',
  'Время заполнения',
];
const TIME_KEYS = new Set(RESPONSE_TIME_LABELS.map(normalizeLabel));
/** An export's header is its first row; a title line or two above it is allowed. */
const HEADER_ROWS = 3;
/** Below this share of the form's items a sheet with a time column is some other export. */
const MIN_ITEMS = 3;

export interface Respondent {
  /** 1-based sheet row. */
  readonly row: number;
  readonly read: SheetRead;
}

export interface FormResponses {
  readonly headerRow: number;
  /** Share of the form's answerable items that have a column (tells the questionnaire variants apart). */
  readonly share: number;
  readonly respondents: readonly Respondent[];
  /** Problems of the export as a whole: question columns of no item, items with no column. */
  readonly issues: readonly Issue[];
}

function timeColumn(row: readonly CellValue[]): number {
  return row.findIndex((c) => typeof c === 'string' && c.length < 60 && TIME_KEYS.has(normalizeLabel(c)));
}

/** Whether the first rows have an export's «Отметка времени» column: cheap, asked of every sheet. */
export function hasResponsesHeader(grid: Grid): boolean {
  for (let r = 0; r < Math.min(HEADER_ROWS, grid.length); r++)
    if (timeColumn(grid[r] ?? []) >= 0) return true;
  return false;
}

function labelsOf(f: FieldDef): string[] {
  return [f.label, ...(f.aliases ?? [])].map(normalizeLabel);
}

/** «Образовательная организация (полное название)», «Ваша должность»: a header field's label inside a question. */
function headerFieldOf(text: string, header: readonly FieldDef[]): FieldDef | undefined {
  const key = normalizeLabel(text);
  const bare = normalizeLabel(text.replace(/\([^)]*\)/g, ''));
  for (const f of header) if (labelsOf(f).some((l) => l === key || l === bare)) return f;
  for (const f of header)
    if (
      labelsOf(f).some(
        (l) => l.length >= 6 && new RegExp(`(^|\\s)${l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`).test(bare),
      )
    )
      return f;
  return undefined;
}

interface ItemColumn {
  readonly item: ItemDef;
  readonly field: FieldDef;
  readonly col: number;
}

interface IndexedItem {
  readonly item: ItemDef;
  readonly group: string | null;
  readonly matches: (writtenKey: string) => boolean;
  readonly answers: readonly FieldDef[];
}

// Definitions are static: the item matchers of a template are built once, not per column and sheet.
const indexes = new WeakMap<ItemsTemplate, readonly IndexedItem[]>();

function indexOf(template: ItemsTemplate): readonly IndexedItem[] {
  let index = indexes.get(template);
  if (!index) {
    const built: IndexedItem[] = [];
    let group: string | null = null;
    for (const item of template.items) {
      if (item.isGroup) group = normalizeLabel(item.text);
      else
        built.push({
          item,
          group,
          matches: itemTextMatcher(item.text),
          answers: itemAnswers(template, item),
        });
    }
    indexes.set(template, (index = built));
  }
  return index;
}

/**
 * The item a question column asks about. A grid question names its block before the brackets,
 * which tells apart rows that repeat in several blocks («- обмена опытом»); an answer field's
 * label before them («Комментарий [2.3 …]») puts the column under that field.
 */
function itemColumnOf(
  template: ItemsTemplate,
  text: string,
  col: number,
  taken: ReadonlySet<string>,
): ItemColumn | null | 'unknown' {
  const grid = /^(.*?)\s*\[(.+)\]\s*$/s.exec(text);
  const prefix = grid ? normalizeLabel(grid[1]) : '';
  const asked = itemTextKey(grid ? grid[2] : text);
  const candidates = indexOf(template).filter((i) => i.matches(asked));
  const inGroup = prefix ? candidates.filter((i) => i.group === prefix) : [];
  const found = [...inGroup, ...candidates].find((i) => !taken.has(i.item.id)) ?? inGroup[0] ?? candidates[0];
  if (!found) return grid ? 'unknown' : null;
  const named = prefix ? found.answers.find((f) => labelsOf(f).includes(prefix)) : undefined;
  const field = named ?? found.answers[0];
  return field ? { item: found.item, field, col } : null;
}

interface ExportHead {
  readonly headerIndex: number;
  readonly time: number;
  readonly headerColumns: ReadonlyMap<string, number>;
  readonly itemColumns: readonly ItemColumn[];
  readonly taken: ReadonlySet<string>;
  readonly unknown: readonly string[];
  readonly answerable: readonly ItemDef[];
  readonly share: number;
}

/**
 * How well a sheet's export header asks this form's items: the share of its answerable items that
 * have a column, 0 when it is no export of it. Reads the header row only (the recogniser asks every
 * form; only the winner reads the answers).
 */
export function responsesShare(template: ItemsTemplate, grid: Grid): number {
  return exportHead(template, grid)?.share ?? 0;
}

function exportHead(template: ItemsTemplate, grid: Grid): ExportHead | null {
  let headerIndex = -1;
  for (let r = 0; r < Math.min(HEADER_ROWS, grid.length); r++) {
    if (timeColumn(grid[r] ?? []) >= 0) {
      headerIndex = r;
      break;
    }
  }
  if (headerIndex < 0) return null;
  const head = grid[headerIndex] ?? [];
  const time = timeColumn(head) + 1;
  const headerColumns = new Map<string, number>();
  const itemColumns: ItemColumn[] = [];
  const taken = new Set<string>();
  const unknown: string[] = [];
  head.forEach((cell, i) => {
    const col = i + 1;
    const text = typeof cell === 'string' ? cell.trim() : '';
    if (!text || col === time || text.length > 600) return;
    const f = headerFieldOf(text, template.header);
    if (f && !headerColumns.has(f.key)) {
      headerColumns.set(f.key, col);
      return;
    }
    const found = itemColumnOf(template, text, col, taken);
    if (found === 'unknown') unknown.push(`${columnLetter(col)} «${text.slice(0, 60)}»`);
    else if (found) {
      itemColumns.push(found);
      if (found.field === itemAnswers(template, found.item)[0]) taken.add(found.item.id);
    }
  });
  const answerable = template.items.filter((i) => !i.isGroup && itemAnswers(template, i).length > 0);
  const share = answerable.length ? taken.size / answerable.length : 0;
  if (taken.size < Math.min(MIN_ITEMS, answerable.length)) return null;
  return { headerIndex, time, headerColumns, itemColumns, taken, unknown, answerable, share };
}

/** The export read as one questionnaire per respondent, or null when the sheet is no export of this form. */
export function readResponses(template: ItemsTemplate, grid: Grid): FormResponses | null {
  const head = exportHead(template, grid);
  if (!head) return null;
  const { headerIndex, time, headerColumns, itemColumns, taken, unknown, answerable, share } = head;
  const headerRow = headerIndex + 1;
  const issues: Issue[] = [];
  if (unknown.length) {
    issues.push({
      severity: 'warning',
      row: headerRow,
      message: `вопросы ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` и ещё ${unknown.length - 5}` : ''} не найдены среди пунктов формы «${template.title}»: их ответы не учтены`,
    });
  }
  const missing = answerable.filter((i) => !taken.has(i.id) && i.id !== 'conclusions');
  if (missing.length) {
    issues.push({
      severity: 'warning',
      row: headerRow,
      message: `в ответах формы нет вопросов о пунктах: ${missing
        .slice(0, 5)
        .map((i) => `«${i.id} ${i.text.slice(0, 40)}»`)
        .join(', ')}${missing.length > 5 ? ` и ещё ${missing.length - 5}` : ''}`,
    });
  }
  // Header fields the export does not ask about are not each respondent's omission.
  const optionalHeader = template.header.filter((f) => !headerColumns.has(f.key)).map((f) => f.key);

  const respondents: Respondent[] = [];
  for (let r = headerIndex + 1; r < grid.length; r++) {
    const row = grid[r] ?? [];
    if (row.every((c, i) => i + 1 === time || cellText(c) === '')) continue;
    const rowNo = r + 1;
    const header: Record<string, { value: CellValue; row: number; col: number }> = {};
    for (const [key, col] of headerColumns) header[key] = { value: row[col - 1] ?? null, row: rowNo, col };
    const byItem = new Map<ItemDef, { values: Record<string, CellValue>; columns: Record<string, number> }>();
    for (const { item, field, col } of itemColumns) {
      let rec = byItem.get(item);
      if (!rec) byItem.set(item, (rec = { values: {}, columns: {} }));
      rec.values[field.key] = row[col - 1] ?? null;
      rec.columns[field.key] = col;
    }
    const records: SheetRecord[] = [];
    for (const item of template.items) {
      const rec = byItem.get(item);
      if (rec) records.push({ row: rowNo, values: rec.values, item, columns: rec.columns });
    }
    respondents.push({
      row: rowNo,
      read: { headerRow, columns: {}, header, titleDistrict: null, records, issues: [], optionalHeader },
    });
  }
  return { headerRow, share, respondents, issues };
}
