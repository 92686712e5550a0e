/**
 * The seed's own layout of an items form (see {@link PrintedLayout}): the choices of one answer field
 * printed as columns and a mark in one of them, and the organisation written into the title's blank.
 * readSheet asks these helpers when a sheet comes in that shape; the layout is declared in the
 * definition, so nothing here knows a form.
 */
import { cellText, normalizeLabel } from '../text/normalize.js';
import { columnLetter, type Issue } from '../validation/issue.js';
import type { CellValue, FieldDef, Grid, ItemsTemplate, TemplateDef } from './model.js';

/**
 * What people put in the column they mean: «X» (Latin or Cyrillic), «+», ticks, «v», «1», «да», a
 * checkbox. Compared after lower-casing and trimming.
 */
export const TICK_MARKS: readonly string[] = [
  'x',
  'х',
  '+',
  '✓',
  '✔',
  '☑',
  '☒',
  '✗',
  '✘',
  'v',
  'V',
  '1',
  'да',
  '●',
];
/** Cells that say «not this one»: left as if empty. */
const NOT_MARKS = new Set(['0', '-', '–', '—', 'нет', 'false']);
const TICKS = new Set(TICK_MARKS.map((m) => m.toLowerCase()));

/** The printed columns' headers of this field: its choices, when the layout prints them as columns. */
export function printedChoiceLabels(template: TemplateDef, fieldKey: string): readonly string[] {
  if (template.layout !== 'items' || template.printed?.markField !== fieldKey) return [];
  return markField(template)?.choices ?? [];
}

function markField(template: ItemsTemplate): FieldDef | undefined {
  const key = template.printed?.markField;
  if (!key) return undefined;
  return [...template.answers, ...template.items.flatMap((i) => i.answers ?? [])].find(
    (f) => f.key === key && f.choices?.length,
  );
}

export interface MarkColumns {
  /** 1-based row that heads the columns with the choices. */
  readonly row: number;
  readonly field: FieldDef;
  /** 1-based column → the choice it stands for. */
  readonly columns: ReadonlyMap<number, string>;
}

/**
 * The row of choice headers at or just under the table header (the seed's «Затруднения» spans a
 * sub-header of four): at least two choices, each in a column of its own.
 */
export function findMarkColumns(template: TemplateDef, grid: Grid, headerRow: number): MarkColumns | null {
  if (template.layout !== 'items') return null;
  const field = markField(template);
  if (!field) return null;
  const byLabel = new Map((field.choices ?? []).map((c) => [normalizeLabel(c), c]));
  for (let r = headerRow - 1; r <= headerRow + 1 && r < grid.length; r++) {
    const columns = new Map<number, string>();
    const seen = new Set<string>();
    (grid[r] ?? []).forEach((cell, i) => {
      const choice = typeof cell === 'string' ? byLabel.get(normalizeLabel(cell)) : undefined;
      if (choice && !seen.has(choice)) {
        seen.add(choice);
        columns.set(i + 1, choice);
      }
    });
    if (columns.size >= 2) return { row: r + 1, field, columns };
  }
  return null;
}

export interface MarkedAnswer {
  readonly choice: string | null;
  /** Where the mark is (the first mark's column when there are several). */
  readonly col: number | null;
  readonly issues: readonly Issue[];
}

function isTick(value: CellValue): boolean | null {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  const text = cellText(value).toLowerCase();
  if (text === '' || NOT_MARKS.has(text)) return false;
  return TICKS.has(text) ? true : null;
}

/** The answer a row's marks give: one mark is its column's choice; none is no answer; two are a warning. */
export function readMarkedAnswer(
  marks: MarkColumns,
  row: readonly CellValue[],
  rowNo: number,
  itemLabel: string,
): MarkedAnswer {
  const found: { col: number; choice: string }[] = [];
  const issues: Issue[] = [];
  const choices = new Map((marks.field.choices ?? []).map((c) => [normalizeLabel(c), c]));
  for (const [col, choice] of marks.columns) {
    const cell = row[col - 1] ?? null;
    const tick = isTick(cell);
    if (tick) found.push({ col, choice });
    else if (tick === null) {
      // The answer written out in full is what it says, whichever column it is in.
      const written = choices.get(normalizeLabel(cellText(cell)));
      if (written) found.push({ col, choice: written });
      else {
        issues.push({
          severity: 'warning',
          row: rowNo,
          column: columnLetter(col),
          columnLabel: choice,
          field: marks.field.key,
          message: `«${cellText(cell).slice(0, 40)}» — не отметка: поставьте в столбце выбранного ответа «X» (или «+», «✓», «v», «1», «да»); ячейка не учтена`,
        });
      }
    }
  }
  const distinct = [...new Set(found.map((f) => f.choice))];
  if (distinct.length > 1) {
    issues.push({
      severity: 'warning',
      row: rowNo,
      column: columnLetter(found[0].col),
      columnLabel: marks.field.label,
      field: marks.field.key,
      message: `в строке ${rowNo} (${itemLabel}) отмечено несколько ответов: ${distinct.map((c) => `«${c}»`).join(', ')} — ответ не учтён; оставьте одну отметку`,
    });
    return { choice: null, col: found[0].col, issues };
  }
  return { choice: distinct[0] ?? null, col: found[0]?.col ?? null, issues };
}

const WORD = /\S+/g;

/** Tokens of a text with their keys: a title is matched word by word, whatever the line breaks. */
function tokens(text: string): { key: string; start: number; end: number }[] {
  const out: { key: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(WORD)) {
    const key = normalizeLabel(m[0]);
    if (key) out.push({ key, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** What is left of a blank line once filled: underscores, dashes and colons around the value go. */
function blankValue(text: string): string {
  return text
    .replace(/_+/g, ' ')
    .replace(/^[\s:–—-]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The value written into the title's blank: «… образовательной организации МКДОУ «Детский сад №5»»
 * gives «МКДОУ «Детский сад №5»». The title may run over several cells or rows; the blank is the
 * rest of the cell where the title ends, else the next line when the title's cell ends with it.
 */
export function titleBlankValue(
  template: TemplateDef,
  grid: Grid,
  upTo: number,
): { value: string; row: number; col: number } | null {
  if (template.layout !== 'items' || !template.printed?.titleBlank) return null;
  const title = tokens(template.title).map((t) => t.key);
  const cells: { text: string; row: number; col: number }[] = [];
  for (let r = 0; r < Math.min(upTo, grid.length); r++) {
    let last = '';
    (grid[r] ?? []).forEach((cell, c) => {
      const text = typeof cell === 'string' ? cell : '';
      // A merged title repeats in every cell of its range: once is enough.
      if (text.trim() && text !== last) cells.push({ text, row: r + 1, col: c + 1 });
      if (text.trim()) last = text;
    });
  }
  const stream = cells.flatMap((cell, i) => tokens(cell.text).map((t) => ({ ...t, cell: i })));
  for (let s = 0; s + title.length <= stream.length; s++) {
    let k = 0;
    while (k < title.length && stream[s + k].key === title[k]) k++;
    if (k < title.length) continue;
    const end = stream[s + title.length - 1];
    const cell = cells[end.cell];
    const rest = blankValue(cell.text.slice(end.end));
    if (rest) return { value: rest, row: cell.row, col: cell.col };
    const next = cells[end.cell + 1];
    if (next && next.row === cell.row + 1 && next.text.length < 200) {
      const value = blankValue(next.text);
      if (value && !cells.some((c) => c !== next && c.row === next.row))
        return { value, row: next.row, col: next.col };
    }
    return null;
  }
  return null;
}
