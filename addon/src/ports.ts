/**
 * The add-on's own small interface over Apps Script. Everything the add-on does to a spreadsheet,
 * the user, the document's properties and the network goes through these ports, so the logic runs
 * in vitest against an in-memory implementation (testing/memory-ports.ts) and in Apps Script against
 * gas/*.ts. Methods work on whole blocks: a port call never costs one service call per row.
 */
import type { CellValue } from '@mmo/shared';

/** A block of cells, 1-based, as Apps Script's getRange(row, col, rows, cols). */
export interface Rect {
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

/** A dropdown of a column run: requireValueInList with the list shown. */
export interface ListRule {
  readonly values: readonly string[];
  /** True where free text is allowed: the cell keeps it and «Проверить лист» explains. */
  readonly allowInvalid: boolean;
  readonly helpText?: string;
}

export interface CellStyle {
  readonly bold?: boolean;
  readonly wrap?: boolean;
  readonly background?: string;
  readonly fontSize?: number;
  readonly verticalAlignment?: 'top' | 'middle' | 'bottom';
}

export interface SheetPort {
  name(): string;
  /** Values from A1 to the last cell with content, in one read ('' for empty cells). */
  readValues(): CellValue[][];
  /** Rows and columns the sheet has, filled or not: ranges beyond them do not exist. */
  size(): { rows: number; cols: number };
  /** Grows the sheet to at least this many rows and columns. */
  ensureSize(rows: number, cols: number): void;
  /**
   * Writes a block starting at (row, col). With `asText` the block is formatted as plain text first,
   * so strings starting with = + - @ stay text instead of becoming formulas.
   */
  writeValues(
    row: number,
    col: number,
    values: readonly (readonly CellValue[])[],
    options?: { asText?: boolean },
  ): void;
  /** Plain-text number format: what users type there stays as typed. */
  setTextFormat(rect: Rect): void;
  readNotes(rect: Rect): string[][];
  writeNotes(rect: Rect, notes: readonly (readonly string[])[]): void;
  /** Colours as '#rrggbb'; '' where the cell has none. */
  readBackgrounds(rect: Rect): string[][];
  /** null resets a cell to no colour. */
  writeBackgrounds(rect: Rect, colors: readonly (readonly (string | null)[])[]): void;
  setListValidation(rect: Rect, rule: ListRule): void;
  style(rect: Rect, style: CellStyle): void;
  freezeRows(rows: number): void;
  setColumnWidth(col: number, pixels: number): void;
  /** Replaces the warning-only protections carrying this description with protections of these blocks. */
  protect(rects: readonly Rect[], description: string): void;
  activate(): void;
}

export interface SpreadsheetPort {
  activeSheet(): SheetPort;
  sheet(name: string): SheetPort | null;
  sheetNames(): string[];
  /** Adds an empty sheet at the end. */
  insertSheet(name: string): SheetPort;
  toast(message: string, title: string): void;
}

export type Choice = 'yes' | 'no' | 'cancel';

/** The add-on menu: items call global functions by name (Apps Script menus cannot hold closures). */
export type MenuEntry =
  | { readonly label: string; readonly handler: string }
  | { readonly label: string; readonly submenu: readonly MenuEntry[] }
  | 'separator';

export interface UiPort {
  /** Replaces the add-on menu; the only thing allowed before the user has authorised the add-on. */
  setMenu(entries: readonly MenuEntry[]): void;
  alert(title: string, message: string): void;
  /** Да / Нет. */
  confirm(title: string, message: string): boolean;
  /** Да / Нет / Отмена. */
  choose(title: string, message: string): Choice;
  /** A modal HtmlService dialog. */
  showDialog(html: string, title: string, size: { width: number; height: number }): void;
}

/** The document's properties: settings of this spreadsheet, shared by its editors. */
export interface PropsPort {
  getAll(): Record<string, string>;
  /** Merges: keys not given are kept. */
  setAll(values: Readonly<Record<string, string>>): void;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

export interface HttpPort {
  /** Sends `body` as JSON; answers whatever the server said (4xx/5xx included); throws only when it cannot be reached. */
  post(url: string, headers: Readonly<Record<string, string>>, body: unknown): HttpAnswer;
  /** A GET, answered like post. */
  get(url: string, headers: Readonly<Record<string, string>>): HttpAnswer;
}

export interface CreatedForm {
  readonly id: string;
  /** Where РМЦ or the coordinator edits the form. */
  readonly editUrl: string;
  /** The link teachers fill the form by. */
  readonly publishedUrl: string;
}

/** Google Forms: one method, so a form costs the same few calls however many rows its grids have. */
export interface FormsPort {
  /** Builds the form and sends its answers to a new tab of this spreadsheet. */
  createLinkedForm(plan: import('./form/form-plan.js').FormPlan): CreatedForm;
}

/** Everything a menu item needs. */
export interface AddonEnv {
  readonly spreadsheet: SpreadsheetPort;
  readonly ui: UiPort;
  readonly props: PropsPort;
  readonly http: HttpPort;
  readonly forms: FormsPort;
  readonly now: () => Date;
}

export function rect(row: number, col: number, rows: number, cols: number): Rect {
  return { row, col, rows, cols };
}
