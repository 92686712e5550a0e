/**
 * Reads a grid of cells (from any adapter) back into records of a template, tolerant to what people
 * really send: the header row anywhere, headers in any case/order with line breaks, extra columns,
 * empty rows, a row of column numbers under the header, a repeated header row, a pasted title line.
 */
import { cellText, memoText, normalizeLabel } from '../text/normalize.js';
import type { District } from '../reference/districts.js';
import { columnLetter, type Issue } from '../validation/issue.js';
import { findTitleDistrict, SHEET_SEARCH_ROWS } from './title-lines.js';
import {
  itemAnswers,
  tableColumns,
  type CellValue,
  type FieldDef,
  type Grid,
  type ItemDef,
  type TemplateDef,
} from './model.js';
import {
  findMarkColumns,
  printedChoiceLabels,
  readMarkedAnswer,
  titleBlankValue,
  type MarkColumns,
} from './read-marks.js';

export interface SheetRecord {
  /** 1-based row of the sheet. */
  readonly row: number;
  /** Raw cells by field key. */
  readonly values: Readonly<Record<string, CellValue>>;
  /** Items layout: the item this row answers. */
  readonly item?: ItemDef;
  /** Where this row's values are when not in the sheet's columns (a mark's column, a form export's question). */
  readonly columns?: Readonly<Record<string, number>>;
}

export interface SheetRead {
  /** 1-based, or null when no header row was found. */
  readonly headerRow: number | null;
  /** 1-based column of each field found. */
  readonly columns: Readonly<Record<string, number>>;
  /** Raw header block values by field key, with the row they were read from. */
  readonly header: Readonly<
    Record<string, { readonly value: CellValue; readonly row: number; readonly col: number }>
  >;
  /** The ММО named by a title line such as «№4. «Горный».», when there is one. */
  readonly titleDistrict: District | null;
  readonly records: readonly SheetRecord[];
  readonly issues: readonly Issue[];
  /**
   * Header fields this sheet's layout has no place for (the seed's questionnaire prints no
   * «Муниципалитет» line): their absence is not the user's omission.
   */
  readonly optionalHeader?: readonly string[];
  /** 'marks': the seed's own layout, answers ticked in a column per choice. */
  readonly layout?: 'marks';
}

function labelKeys(field: FieldDef): string[] {
  return [field.label, ...(field.aliases ?? [])].map(normalizeLabel);
}

/** Normalised header text → the fields it may name, in definition order (a printed layout's choice columns too). */
function labelIndex(fields: readonly FieldDef[], template: TemplateDef): Map<string, FieldDef[]> {
  const index = new Map<string, FieldDef[]>();
  for (const f of fields) {
    for (const k of [...labelKeys(f), ...printedChoiceLabels(template, f.key).map(normalizeLabel)])
      index.set(k, [...(index.get(k) ?? []), f]);
  }
  return index;
}

/** Index of header cells: how many of the template's columns this row names, and where. */
function matchHeaderRow(row: readonly CellValue[], index: Map<string, FieldDef[]>): Record<string, number> {
  const found: Record<string, number> = {};
  row.forEach((cell, i) => {
    const text = cellText(cell);
    // Header cells are short; long cells are data and need not be normalised.
    if (!text || text.length > 200) return;
    const f = index.get(normalizeLabel(text))?.find((c) => found[c.key] === undefined);
    if (f) found[f.key] = i + 1;
  });
  return found;
}

/** Header-block label as it is printed in documents: «1. Межмуниципальный методический округ____ФИО». */
function headerLabelKey(text: string): string {
  return normalizeLabel(
    text
      .replace(/^\s*\d+\.\s*/, '')
      .replace(/_{2,}.*$/s, '')
      .replace(/\bфио\s*$/i, ''),
  );
}

/** What is left of a blank form line («____ФИО») is no value. */
function blankToEmpty(text: string): string {
  const value = text
    .replace(/_+/g, ' ')
    .replace(/\s*ФИО\s*$/i, '')
    .trim();
  return value;
}

function readHeaderBlock(grid: Grid, upTo: number, template: TemplateDef): SheetRead['header'] {
  const header: Record<string, { value: CellValue; row: number; col: number }> = {};
  const keys = template.header.map((f) => ({ f, keys: labelKeys(f) }));
  for (let r = 0; r < upTo && r < grid.length; r++) {
    const row = grid[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const raw = cellText(row[c]);
      if (!raw) continue;
      // «Label: value» or «Label____value» in one cell (a pasted document), else value to the right.
      const inline = /^(.*?)(?::|_{3,})\s*(.*?)_*\s*$/s.exec(raw);
      for (const { f, keys: k } of keys) {
        if (header[f.key]) continue;
        const whole = headerLabelKey(raw);
        const inlineValue = inline && k.includes(headerLabelKey(inline[1])) ? blankToEmpty(inline[2]) : '';
        if (inlineValue) {
          header[f.key] = { value: inlineValue, row: r + 1, col: c + 1 };
        } else if (k.includes(whole)) {
          const next = row.slice(c + 1).findIndex((v) => cellText(v) !== '');
          const valueCol = next >= 0 ? c + 1 + next : c + 1;
          header[f.key] = {
            value: next >= 0 ? (row[valueCol] ?? null) : null,
            row: r + 1,
            col: valueCol + 1,
          };
        }
      }
    }
  }
  return header;
}

function isEmptyRow(values: Record<string, CellValue>): boolean {
  return Object.values(values).every((v) => cellText(v) === '');
}

/** A row «1 | 2 | 3 | 4 | 5» under the header: column numbering, not data. */
function isNumberingRow(values: Record<string, CellValue>, columns: Record<string, number>): boolean {
  const cells = Object.entries(values).filter(([, v]) => cellText(v) !== '');
  if (cells.length < 2) return false;
  const order = Object.entries(columns)
    .sort((a, b) => a[1] - b[1])
    .map(([k]) => k);
  // Numbered either by sheet column or by position among the form's columns.
  const n = (v: CellValue) => cellText(v).replace(/\.$/, '');
  return (
    cells.every(([k, v]) => n(v) === String(columns[k])) ||
    cells.every(([k, v]) => n(v) === String(order.indexOf(k) + 1))
  );
}

function itemKey(text: string): string {
  return normalizeLabel(text).replace(/\.$/, '');
}

/** Item text without its printed numbering («1.», «а)», «-»), which people often retype. */
export const itemTextKey: (text: string) => string = memoText((text) =>
  normalizeLabel(text.replace(/^\s*(?:\d+(?:\.\d+)*\.?|[а-я]\)|[-–—•·])\s*/i, '')),
);

/**
 * An item text with a blank to fill in («… в образовательном пространстве ______») as a pattern that
 * also matches it filled in («… пространстве Ботлихского района»); null for texts without a blank.
 */
function blankPattern(text: string): RegExp | null {
  const key = itemTextKey(text);
  if (!/_{3,}/.test(key)) return null;
  const parts = key.split(/\s*_{3,}\s*/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`);
}

/**
 * The matcher of one item text, built once: call it with the written text's {@link itemTextKey}.
 * For matching many cells against many items (a form export's question columns).
 */
export function itemTextMatcher(itemText: string): (writtenKey: string) => boolean {
  const key = itemTextKey(itemText);
  const pattern = blankPattern(itemText);
  return (written) => written === key || (pattern?.test(written) ?? false);
}

/** Whether a cell holds this item text as printed, retyped with a number, or with its blanks filled in. */
export function sameItemText(itemText: string, written: string): boolean {
  const key = itemTextKey(written);
  return key === itemTextKey(itemText) || (blankPattern(itemText)?.test(key) ?? false);
}

export function readSheet(template: TemplateDef, grid: Grid): SheetRead {
  const fields = tableColumns(template);
  const issues: Issue[] = [];
  let best: { row: number; found: Record<string, number>; score: number } | null = null;
  const index = labelIndex(fields, template);
  for (let r = 0; r < Math.min(grid.length, SHEET_SEARCH_ROWS); r++) {
    const found = matchHeaderRow(grid[r] ?? [], index);
    const score = Object.keys(found).length;
    if (score >= 2 && (!best || score > best.score)) best = { row: r + 1, found, score };
  }
  if (!best) {
    const header = readHeaderBlock(grid, Math.min(grid.length, SHEET_SEARCH_ROWS), template);
    issues.push({
      severity: 'error',
      message: `не найдена строка заголовков таблицы: ожидались столбцы ${fields.map((f) => `«${f.label}»`).join(', ')}`,
    });
    return {
      headerRow: null,
      columns: {},
      header,
      titleDistrict: findTitleDistrict(grid, SHEET_SEARCH_ROWS),
      records: [],
      issues,
    };
  }
  const columns = best.found;
  const headerRow = best.row;
  for (const f of fields) {
    if (columns[f.key] === undefined && (f.required || f.key === 'item')) {
      issues.push({
        severity: 'error',
        row: headerRow,
        message: `нет столбца «${f.label}»: добавьте его в строку заголовков`,
        field: f.key,
      });
    }
  }
  const header: Record<string, { value: CellValue; row: number; col: number }> = {
    ...readHeaderBlock(grid, headerRow - 1, template),
  };
  const blankKey = template.layout === 'items' ? template.printed?.titleBlank : undefined;
  if (blankKey && !header[blankKey]) {
    const blank = titleBlankValue(template, grid, headerRow - 1);
    if (blank) header[blankKey] = blank;
  }
  const marks = findMarkColumns(template, grid, headerRow);
  const titleDistrict = findTitleDistrict(grid, headerRow - 1);
  const headerKeys = new Set(fields.map((f) => normalizeLabel(f.label)));
  const itemsById = new Map<string, ItemDef>();
  const itemsByText = new Map<string, ItemDef[]>();
  const withBlanks: { item: ItemDef; pattern: RegExp }[] = [];
  if (template.layout === 'items') {
    for (const item of template.items) {
      itemsById.set(itemKey(item.id), item);
      const key = itemTextKey(item.text);
      itemsByText.set(key, [...(itemsByText.get(key) ?? []), item]);
      const pattern = blankPattern(item.text);
      if (pattern) withBlanks.push({ item, pattern });
    }
  }
  const records: SheetRecord[] = [];
  const seenItems = new Set<string>();
  const consumed = new Set<number>();
  for (let r = marks ? Math.max(headerRow, marks.row) : headerRow; r < grid.length; r++) {
    if (consumed.has(r)) continue;
    const row = grid[r] ?? [];
    const values: Record<string, CellValue> = {};
    for (const [key, col] of Object.entries(columns)) values[key] = row[col - 1] ?? null;
    if (isEmptyRow(values)) continue;
    if (r === headerRow && isNumberingRow(values, columns)) continue;
    const asHeader = Object.values(values).filter((v) => {
      const text = cellText(v);
      return text.length > 0 && text.length <= 200 && headerKeys.has(normalizeLabel(text));
    }).length;
    if (asHeader >= 2) {
      issues.push({ severity: 'warning', row: r + 1, message: 'повторная строка заголовков пропущена' });
      continue;
    }
    if (template.layout === 'items') {
      // Texts repeat across groups («- обмена опытом»), numbers restart in pasted forms: use both.
      const textKey = itemTextKey(cellText(values.item ?? null));
      const byText =
        itemsByText.get(textKey) ?? withBlanks.filter((b) => b.pattern.test(textKey)).map((b) => b.item);
      const byId = itemsById.get(itemKey(cellText(values.no ?? null)));
      const item =
        (byId && byText.includes(byId) ? byId : undefined) ??
        byText.find((i) => !seenItems.has(i.id)) ??
        byText[0] ??
        (cellText(values.item ?? null) === '' ? byId : undefined);
      if (marks && template.layout === 'items') {
        const read = markedRecord(template, marks, grid, r, columns, item, consumed, seenItems);
        if (read) {
          if (read.record) {
            seenItems.add(read.record.item!.id);
            records.push(read.record);
          }
          issues.push(...read.issues);
          continue;
        }
      }
      if (!item) {
        issues.push({
          severity: 'warning',
          row: r + 1,
          message: `строка не относится ни к одному пункту формы «${template.title}» и пропущена`,
        });
        continue;
      }
      if (item.isGroup) continue;
      seenItems.add(item.id);
      records.push({ row: r + 1, values, item });
    } else {
      records.push({ row: r + 1, values });
    }
  }
  if (template.layout === 'items') {
    const missing = template.items.filter((i) => !i.isGroup && !seenItems.has(i.id));
    if (missing.length) {
      issues.push({
        severity: 'warning',
        message: `в листе нет пунктов: ${missing
          .slice(0, 5)
          .map((i) => `«${i.id} ${i.text.slice(0, 40)}»`)
          .join(', ')}${missing.length > 5 ? ` и ещё ${missing.length - 5}` : ''}`,
      });
    }
  }
  if (marks) {
    const optionalHeader = template.header.filter((f) => !header[f.key]).map((f) => f.key);
    return { headerRow, columns, header, titleDistrict, records, issues, optionalHeader, layout: 'marks' };
  }
  return { headerRow, columns, header, titleDistrict, records, issues };
}

/**
 * One row of a sheet in the seed's layout: the mark's column gives the answer; an item answered in
 * free text only («Выводы:») takes the text beside it, after it in its cell, or on the next line.
 * Null when the row is no item of the form (readSheet then says so as for any sheet).
 */
function markedRecord(
  template: TemplateDef & { layout: 'items' },
  marks: MarkColumns,
  grid: Grid,
  r: number,
  columns: Readonly<Record<string, number>>,
  found: ItemDef | undefined,
  consumed: Set<number>,
  seenItems: ReadonlySet<string>,
): { record?: SheetRecord; issues: readonly Issue[] } | null {
  const row = grid[r] ?? [];
  const itemCol = columns.item;
  const written = itemCol ? cellText(row[itemCol - 1] ?? null) : '';
  let item = found;
  let inline = '';
  if (!item && written) {
    // «Выводы: нужна помощь по ДОТ» — the free-text item with its text in the same cell.
    for (const candidate of template.items) {
      if (
        candidate.isGroup ||
        seenItems.has(candidate.id) ||
        itemAnswers(template, candidate).some((f) => f.key === marks.field.key)
      )
        continue;
      const head = candidate.text.replace(/[:.\s]+$/, '');
      if (written.toLowerCase().startsWith(head.toLowerCase())) {
        item = candidate;
        inline = written.slice(head.length).replace(/^[\s:.–—-]+/, '');
        break;
      }
    }
  }
  if (!item) return null;
  if (item.isGroup) return { issues: [] };
  const rowNo = r + 1;
  const base: Record<string, CellValue> = {};
  for (const [key, col] of Object.entries(columns)) base[key] = row[col - 1] ?? null;
  const fields = itemAnswers(template, item);
  if (fields.some((f) => f.key === marks.field.key)) {
    const answer = readMarkedAnswer(marks, row, rowNo, `п. ${item.number ?? item.id}`);
    const values = { ...base, [marks.field.key]: answer.choice };
    const at = answer.col ?? [...marks.columns.keys()][0];
    return {
      record: { row: rowNo, values, item, columns: { [marks.field.key]: at } },
      issues: answer.issues,
    };
  }
  // Free text: beside the item, else after it in its cell, else the next line if it is no item.
  const text = fields.find((f) => f.type === 'text');
  if (!text) return { record: { row: rowNo, values: base, item }, issues: [] };
  let value = inline;
  let at = { row: rowNo, col: itemCol ?? 1 };
  if (!value) {
    const besides = row
      .map((c, i) => ({ text: cellText(c), col: i + 1 }))
      .filter((c) => c.col !== itemCol && c.text && c.text !== written);
    if (besides.length) {
      value = [...new Set(besides.map((b) => b.text))].join(' ');
      at = { row: rowNo, col: besides[0].col };
    }
  }
  if (!value && r + 1 < grid.length) {
    const next = [...new Set((grid[r + 1] ?? []).map((c) => cellText(c)).filter(Boolean))];
    const col = (grid[r + 1] ?? []).findIndex((c) => cellText(c) !== '') + 1;
    if (next.length) {
      value = next.join(' ');
      at = { row: rowNo + 1, col };
      consumed.add(r + 1);
    }
  }
  return {
    record: {
      row: at.row,
      values: { ...base, [text.key]: value || null },
      item,
      columns: { [text.key]: at.col },
    },
    issues: [],
  };
}

export { columnLetter };
