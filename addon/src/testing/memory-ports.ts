/**
 * The ports in memory, counting calls per port method: for tests of the add-on's logic that do not
 * need Apps Script's shape (fake-gas.ts covers that), and for budgets stated in port calls
 * («one read of the sheet, one write of notes»).
 */
import type { CellValue } from '@mmo/shared';
import type {
  AddonEnv,
  CellStyle,
  Choice,
  HttpAnswer,
  ListRule,
  MenuEntry,
  Rect,
  SheetPort,
  SpreadsheetPort,
  UiPort,
} from '../ports.js';

export class CallCounter {
  readonly counts = new Map<string, number>();
  count(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }
  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
  reset(): void {
    this.counts.clear();
  }
}

interface MemoryCell {
  value: CellValue;
  note: string;
  background: string;
  text: boolean;
  rule: ListRule | null;
  style: CellStyle;
}

export class MemorySheet implements SheetPort {
  readonly cells = new Map<string, MemoryCell>();
  rows = 1000;
  cols = 26;
  frozen = 0;
  readonly widths = new Map<number, number>();
  protections: { rects: readonly Rect[]; description: string } | null = null;

  constructor(
    private readonly counter: CallCounter,
    readonly title: string,
  ) {}

  at(row: number, col: number): MemoryCell {
    const key = `${row}:${col}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { value: '', note: '', background: '', text: false, rule: null, style: {} };
      this.cells.set(key, cell);
    }
    return cell;
  }

  private each(r: Rect, fn: (cell: MemoryCell, i: number, j: number) => void): void {
    if (r.row + r.rows - 1 > this.rows || r.col + r.cols - 1 > this.cols)
      throw new Error('range outside the sheet');
    for (let i = 0; i < r.rows; i++) for (let j = 0; j < r.cols; j++) fn(this.at(r.row + i, r.col + j), i, j);
  }

  private block<T>(r: Rect, fn: (cell: MemoryCell) => T): T[][] {
    const out: T[][] = Array.from({ length: r.rows }, () => []);
    this.each(r, (cell, i) => out[i].push(fn(cell)));
    return out;
  }

  /** Test helper: values as a user typed or pasted them; a paste grows the sheet. */
  fill(row: number, col: number, values: readonly (readonly CellValue[])[]): void {
    this.rows = Math.max(this.rows, row + values.length - 1);
    values.forEach((line, i) => line.forEach((v, j) => (this.at(row + i, col + j).value = v)));
  }

  name(): string {
    this.counter.count('name');
    return this.title;
  }
  readValues(): CellValue[][] {
    this.counter.count('readValues');
    let rows = 0;
    let cols = 0;
    for (const [key, cell] of this.cells) {
      if (cell.value === '' || cell.value === null) continue;
      const [r, c] = key.split(':').map(Number);
      rows = Math.max(rows, r);
      cols = Math.max(cols, c);
    }
    return Array.from({ length: rows }, (_, i) =>
      Array.from({ length: cols }, (_, j) => this.cells.get(`${i + 1}:${j + 1}`)?.value ?? ''),
    );
  }
  size(): { rows: number; cols: number } {
    this.counter.count('size');
    return { rows: this.rows, cols: this.cols };
  }
  ensureSize(rows: number, cols: number): void {
    this.counter.count('ensureSize');
    this.rows = Math.max(this.rows, rows);
    this.cols = Math.max(this.cols, cols);
  }
  writeValues(
    row: number,
    col: number,
    values: readonly (readonly CellValue[])[],
    options?: { asText?: boolean },
  ): void {
    this.counter.count('writeValues');
    values.forEach((line, i) =>
      line.forEach((v, j) => {
        const cell = this.at(row + i, col + j);
        if (options?.asText) cell.text = true;
        cell.value = v;
      }),
    );
  }
  setTextFormat(r: Rect): void {
    this.counter.count('setTextFormat');
    this.each(r, (cell) => (cell.text = true));
  }
  readNotes(r: Rect): string[][] {
    this.counter.count('readNotes');
    return this.block(r, (cell) => cell.note);
  }
  writeNotes(r: Rect, notes: readonly (readonly string[])[]): void {
    this.counter.count('writeNotes');
    this.each(r, (cell, i, j) => (cell.note = notes[i][j]));
  }
  readBackgrounds(r: Rect): string[][] {
    this.counter.count('readBackgrounds');
    return this.block(r, (cell) => cell.background);
  }
  writeBackgrounds(r: Rect, colors: readonly (readonly (string | null)[])[]): void {
    this.counter.count('writeBackgrounds');
    this.each(r, (cell, i, j) => (cell.background = colors[i][j] ?? ''));
  }
  setListValidation(r: Rect, rule: ListRule): void {
    this.counter.count('setListValidation');
    this.each(r, (cell) => (cell.rule = rule));
  }
  style(r: Rect, style: CellStyle): void {
    this.counter.count('style');
    this.each(r, (cell) => (cell.style = { ...cell.style, ...style }));
  }
  freezeRows(rows: number): void {
    this.counter.count('freezeRows');
    this.frozen = rows;
  }
  setColumnWidth(col: number, pixels: number): void {
    this.counter.count('setColumnWidth');
    this.widths.set(col, pixels);
  }
  protect(rects: readonly Rect[], description: string): void {
    this.counter.count('protect');
    this.protections = { rects, description };
  }
  activate(): void {
    this.counter.count('activate');
  }
}

export class MemorySpreadsheet implements SpreadsheetPort {
  readonly sheets: MemorySheet[] = [];
  active: MemorySheet;
  readonly toasts: string[] = [];

  constructor(readonly counter: CallCounter) {
    this.active = new MemorySheet(counter, 'Лист1');
    this.sheets.push(this.active);
  }

  add(name: string): MemorySheet {
    const sheet = new MemorySheet(this.counter, name);
    this.sheets.push(sheet);
    this.active = sheet;
    return sheet;
  }

  byName(name: string): MemorySheet | undefined {
    return this.sheets.find((s) => s.title === name);
  }

  activeSheet(): SheetPort {
    this.counter.count('activeSheet');
    return this.active;
  }
  sheet(name: string): SheetPort | null {
    this.counter.count('sheet');
    return this.byName(name) ?? null;
  }
  sheetNames(): string[] {
    this.counter.count('sheetNames');
    return this.sheets.map((s) => s.title);
  }
  insertSheet(name: string): SheetPort {
    this.counter.count('insertSheet');
    if (this.byName(name)) throw new Error(`sheet ${name} exists`);
    return this.add(name);
  }
  toast(message: string): void {
    this.counter.count('toast');
    this.toasts.push(message);
  }
}

export class MemoryUi implements UiPort {
  readonly alerts: { title: string; message: string }[] = [];
  readonly dialogs: { title: string; html: string }[] = [];
  menu: readonly MenuEntry[] = [];
  readonly choices: Choice[] = [];

  constructor(private readonly counter: CallCounter) {}

  setMenu(entries: readonly MenuEntry[]): void {
    this.counter.count('setMenu');
    this.menu = entries;
  }
  alert(title: string, message: string): void {
    this.counter.count('alert');
    this.alerts.push({ title, message });
  }
  confirm(title: string, message: string): boolean {
    this.counter.count('confirm');
    this.alerts.push({ title, message });
    return this.next() === 'yes';
  }
  choose(title: string, message: string): Choice {
    this.counter.count('choose');
    this.alerts.push({ title, message });
    return this.next();
  }
  showDialog(html: string, title: string): void {
    this.counter.count('showDialog');
    this.dialogs.push({ title, html });
  }
  private next(): Choice {
    const choice = this.choices.shift();
    if (!choice) throw new Error('the test did not answer a question');
    return choice;
  }
}

export interface MemoryEnv extends AddonEnv {
  readonly counter: CallCounter;
  readonly spreadsheet: MemorySpreadsheet;
  readonly ui: MemoryUi;
  readonly properties: Map<string, string>;
  readonly requests: { url: string; headers: Readonly<Record<string, string>>; body: unknown }[];
  answer: () => HttpAnswer;
  readonly formPlans: import('../form/form-plan.js').FormPlan[];
}

export function memoryEnv(now = new Date(2024, 9, 15)): MemoryEnv {
  const counter = new CallCounter();
  const properties = new Map<string, string>();
  const requests: { url: string; headers: Readonly<Record<string, string>>; body: unknown }[] = [];
  const formPlans: MemoryEnv['formPlans'] = [];
  const env: MemoryEnv = {
    formPlans,
    forms: {
      createLinkedForm: (plan) => {
        counter.count('createLinkedForm');
        formPlans.push(plan);
        const id = `form-${formPlans.length}`;
        return {
          id,
          editUrl: `https://docs.google.com/forms/d/${id}/edit`,
          publishedUrl: `https://docs.google.com/forms/d/e/${id}/viewform`,
        };
      },
    },
    counter,
    spreadsheet: new MemorySpreadsheet(counter),
    ui: new MemoryUi(counter),
    properties,
    requests,
    answer: () => ({ status: 500, body: '' }),
    props: {
      getAll: () => (counter.count('getAll'), Object.fromEntries(properties)),
      setAll: (values) => {
        counter.count('setAll');
        for (const [k, v] of Object.entries(values)) properties.set(k, v);
      },
    },
    http: {
      post: (url, headers, body) => {
        counter.count('post');
        requests.push({ url, headers, body });
        return env.answer();
      },
      get: (url, headers) => {
        counter.count('get');
        requests.push({ url, headers, body: undefined });
        return env.answer();
      },
    },
    now: () => now,
  };
  return env;
}
