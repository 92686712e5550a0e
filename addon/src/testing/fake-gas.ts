/**
 * An in-memory fake of the part of Apps Script the add-on uses — SpreadsheetApp (with its Ui),
 * PropertiesService, UrlFetchApp, HtmlService, ScriptApp — installed as globals, so the real gas/*
 * adapters and the built Code.js run against it. Every method call on a fake service object is
 * recorded: that list is the add-on's service-call budget.
 *
 * It behaves like Sheets where the add-on relies on it: setValues turns strings starting with
 * = + - @ into formulas and numeric strings into numbers unless the cell is formatted as text «@»;
 * ranges outside the sheet throw; blocks must match the range's size.
 */
import type { CellValue } from '@mmo/shared';

export interface FakeRule {
  readonly kind: 'list';
  readonly values: readonly string[];
  readonly showDropdown: boolean;
  readonly allowInvalid: boolean;
  readonly helpText: string;
}

interface Cell {
  value: CellValue;
  formula: string;
  note: string;
  background: string | null;
  format: string;
  validation: FakeRule | null;
  bold: boolean;
  wrap: boolean;
  fontSize: number;
  verticalAlignment: string;
}

export interface FakeProtectionState {
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
  description: string;
  warningOnly: boolean;
  removed: boolean;
}

export interface FakeAlert {
  readonly title: string;
  readonly message: string;
  readonly buttons: string;
}

export interface FakeDialog {
  readonly title: string;
  readonly html: string;
  readonly width: number;
  readonly height: number;
}

export type FakeMenuEntry =
  { label: string; handler: string } | { label: string; submenu: FakeMenuEntry[] } | 'separator';

export interface FakeFetch {
  readonly url: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** What the fake service answers; throwing means "cannot be reached". */
export type FetchHandler = (
  url: string,
  params: Readonly<Record<string, unknown>>,
) => { status: number; body: string };

const NO_BACKGROUND = '#ffffff';
const ERROR_VALUE = '#ERROR!';

function emptyCell(): Cell {
  return {
    value: '',
    formula: '',
    note: '',
    background: null,
    format: '',
    validation: null,
    bold: false,
    wrap: false,
    fontSize: 10,
    verticalAlignment: 'bottom',
  };
}

export class FakeSheet {
  readonly cells: Cell[][] = [];
  maxRows = 1000;
  maxCols = 26;
  frozenRows = 0;
  readonly widths = new Map<number, number>();
  readonly protections: FakeProtectionState[] = [];

  constructor(
    private readonly gas: FakeGas,
    public name: string,
  ) {}

  cell(row: number, col: number): Cell {
    const r = (this.cells[row - 1] ??= []);
    return (r[col - 1] ??= emptyCell());
  }

  peek(row: number, col: number): Cell | undefined {
    return this.cells[row - 1]?.[col - 1];
  }

  /** Test helper (not a service call): values as a user typed or pasted them, from (row, col); a paste grows the sheet. */
  fill(row: number, col: number, values: readonly (readonly CellValue[])[]): void {
    this.maxRows = Math.max(this.maxRows, row + values.length - 1);
    this.maxCols = Math.max(this.maxCols, col + Math.max(0, ...values.map((v) => v.length)) - 1);
    values.forEach((line, i) => line.forEach((v, j) => (this.cell(row + i, col + j).value = v ?? '')));
  }

  /** Test helper: the value of a cell as getValues returns it. */
  valueAt(row: number, col: number): CellValue {
    return this.peek(row, col)?.value ?? '';
  }

  noteAt(row: number, col: number): string {
    return this.peek(row, col)?.note ?? '';
  }

  backgroundAt(row: number, col: number): string | null {
    return this.peek(row, col)?.background ?? null;
  }

  validationAt(row: number, col: number): FakeRule | null {
    return this.peek(row, col)?.validation ?? null;
  }

  formatAt(row: number, col: number): string {
    return this.peek(row, col)?.format ?? '';
  }

  /** Every cell's value as a grid up to the last filled cell. */
  grid(): CellValue[][] {
    const { rows, cols } = this.lastCell();
    return Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, c) => this.valueAt(r + 1, c + 1)),
    );
  }

  lastCell(): { rows: number; cols: number } {
    let rows = 0;
    let cols = 0;
    this.cells.forEach((line, r) =>
      line?.forEach((cell, c) => {
        if (cell && cell.value !== '' && cell.value !== null) {
          rows = Math.max(rows, r + 1);
          cols = Math.max(cols, c + 1);
        }
      }),
    );
    return { rows, cols };
  }

  /** Rules over the sheet as distinct (rule, column) runs, for assertions. */
  validationRuns(): { col: number; fromRow: number; toRow: number; rule: FakeRule }[] {
    const runs: { col: number; fromRow: number; toRow: number; rule: FakeRule }[] = [];
    for (let col = 1; col <= this.maxCols; col++) {
      let open: { col: number; fromRow: number; toRow: number; rule: FakeRule } | null = null;
      for (let row = 1; row <= this.maxRows; row++) {
        const rule = this.peek(row, col)?.validation ?? null;
        if (open && rule === open.rule && open.toRow === row - 1) {
          open.toRow = row;
          continue;
        }
        if (open) runs.push(open);
        open = rule ? { col, fromRow: row, toRow: row, rule } : null;
      }
      if (open) runs.push(open);
    }
    return runs;
  }

  api(): object {
    const sheet = this;
    const gas = this.gas;
    return gas.track('Sheet', {
      getName: () => sheet.name,
      getSheetName: () => sheet.name,
      getRange: (row: number, col: number, rows = 1, cols = 1) => sheet.range(row, col, rows, cols),
      getDataRange: () => {
        const { rows, cols } = sheet.lastCell();
        return sheet.range(1, 1, Math.max(rows, 1), Math.max(cols, 1));
      },
      getLastRow: () => sheet.lastCell().rows,
      getLastColumn: () => sheet.lastCell().cols,
      getMaxRows: () => sheet.maxRows,
      getMaxColumns: () => sheet.maxCols,
      insertRowsAfter: (after: number, n: number) => {
        if (after > sheet.maxRows) throw new Error('Нет такой строки');
        sheet.maxRows += n;
        return sheet.api();
      },
      insertColumnsAfter: (after: number, n: number) => {
        if (after > sheet.maxCols) throw new Error('Нет такого столбца');
        sheet.maxCols += n;
        return sheet.api();
      },
      setFrozenRows: (n: number) => {
        sheet.frozenRows = n;
      },
      getFrozenRows: () => sheet.frozenRows,
      setColumnWidth: (col: number, px: number) => {
        sheet.widths.set(col, px);
        return sheet.api();
      },
      getColumnWidth: (col: number) => sheet.widths.get(col) ?? 100,
      getProtections: (type: string) =>
        type === 'RANGE' ? sheet.protections.filter((p) => !p.removed).map((p) => gas.protectionApi(p)) : [],
      activate: () => {
        gas.activeSheet = sheet;
        return sheet.api();
      },
    });
  }

  range(row: number, col: number, rows: number, cols: number): object {
    if (![row, col, rows, cols].every((n) => Number.isInteger(n) && n >= 1))
      throw new Error(`Недопустимый диапазон ${row},${col},${rows},${cols}`);
    if (row + rows - 1 > this.maxRows || col + cols - 1 > this.maxCols) {
      throw new Error('Координаты диапазона выходят за пределы листа.');
    }
    const sheet = this;
    const each = (fn: (cell: Cell, r: number, c: number) => void) => {
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) fn(sheet.cell(row + r, col + c), r, c);
    };
    const grid = <T>(fn: (cell: Cell | undefined) => T): T[][] =>
      Array.from({ length: rows }, (_, r) =>
        Array.from({ length: cols }, (_, c) => fn(sheet.peek(row + r, col + c))),
      );
    const checkSize = (what: string, block: readonly (readonly unknown[])[]) => {
      if (block.length !== rows || block.some((line) => line.length !== cols)) {
        throw new Error(
          `${what}: размер данных (${block.length}×${block[0]?.length ?? 0}) не совпадает с диапазоном (${rows}×${cols})`,
        );
      }
    };
    const api: object = this.gas.track('Range', {
      getRow: () => row,
      getColumn: () => col,
      getNumRows: () => rows,
      getNumColumns: () => cols,
      getA1Notation: () => `R${row}C${col}:R${row + rows - 1}C${col + cols - 1}`,
      getValues: () => grid((cell) => cell?.value ?? ''),
      setValues: (values: CellValue[][]) => {
        checkSize('setValues', values);
        each((cell, r, c) => writeValue(cell, values[r][c]));
        return api;
      },
      setValue: (value: CellValue) => {
        each((cell) => writeValue(cell, value));
        return api;
      },
      getNotes: () => grid((cell) => cell?.note ?? ''),
      setNotes: (notes: (string | null)[][]) => {
        checkSize('setNotes', notes);
        each((cell, r, c) => (cell.note = notes[r][c] ?? ''));
        return api;
      },
      getBackgrounds: () => grid((cell) => cell?.background ?? NO_BACKGROUND),
      setBackgrounds: (colors: (string | null)[][]) => {
        checkSize('setBackgrounds', colors);
        each((cell, r, c) => (cell.background = colors[r][c] === NO_BACKGROUND ? null : colors[r][c]));
        return api;
      },
      setBackground: (color: string | null) => {
        each((cell) => (cell.background = color));
        return api;
      },
      setDataValidation: (rule: FakeRule | null) => {
        each((cell) => (cell.validation = rule));
        return api;
      },
      setNumberFormat: (format: string) => {
        each((cell) => (cell.format = format));
        return api;
      },
      setFontWeight: (weight: string) => {
        each((cell) => (cell.bold = weight === 'bold'));
        return api;
      },
      setWrap: (wrap: boolean) => {
        each((cell) => (cell.wrap = wrap));
        return api;
      },
      setFontSize: (size: number) => {
        each((cell) => (cell.fontSize = size));
        return api;
      },
      setVerticalAlignment: (alignment: string) => {
        each((cell) => (cell.verticalAlignment = alignment));
        return api;
      },
      protect: () => {
        const p: FakeProtectionState = {
          row,
          col,
          rows,
          cols,
          description: '',
          warningOnly: false,
          removed: false,
        };
        sheet.protections.push(p);
        return sheet.gas.protectionApi(p);
      },
    });
    return api;
  }
}

/** What Sheets does with a value written into a cell of this format. */
function writeValue(cell: Cell, value: CellValue): void {
  cell.formula = '';
  if (typeof value === 'string' && cell.format !== '@') {
    if (/^[=+\-@]/.test(value) && !/^[+-]?\d+([.,]\d+)?$/.test(value)) {
      cell.formula = value;
      cell.value = ERROR_VALUE;
      return;
    }
    if (/^-?\d+(\.\d+)?$/.test(value)) {
      cell.value = Number(value);
      return;
    }
  }
  cell.value = value ?? '';
}

export type FakeFormItem =
  | { kind: 'text' | 'list' | 'paragraph'; title: string; help: string; required: boolean; choices: string[] }
  | { kind: 'grid'; title: string; help: string; required: boolean; rows: string[]; columns: string[] };

export interface FakeForm {
  readonly id: string;
  title: string;
  description: string;
  readonly items: FakeFormItem[];
  destination: { type: string; id: string } | null;
}

/** The tab Google Forms adds for answers: a timestamp, then one column per question (per row for grids). */
export function formAnswersHeader(form: FakeForm): string[] {
  return [
    'Отметка времени',
    ...form.items.flatMap((i) => (i.kind === 'grid' ? i.rows.map((r) => `${i.title} [${r}]`) : [i.title])),
  ];
}

export class FakeGas {
  /** «Service.method» of every call, in order. */
  readonly calls: string[] = [];
  readonly sheets: FakeSheet[] = [];
  activeSheet: FakeSheet;
  readonly properties = new Map<string, string>();
  readonly alerts: FakeAlert[] = [];
  readonly dialogs: FakeDialog[] = [];
  readonly toasts: { message: string; title: string }[] = [];
  readonly fetches: FakeFetch[] = [];
  readonly forms: FakeForm[] = [];
  /** The add-on menu as last added to the UI. */
  menu: { title: string; entries: FakeMenuEntry[] } | null = null;
  /** Buttons the user presses in the next YES_NO / YES_NO_CANCEL dialogs, in order. */
  readonly answers: ('YES' | 'NO' | 'CANCEL' | 'CLOSE')[] = [];
  fetchHandler: FetchHandler = () => {
    throw new Error('Адрес недоступен: DNS error');
  };

  constructor(firstSheet = 'Лист1') {
    this.activeSheet = new FakeSheet(this, firstSheet);
    this.sheets.push(this.activeSheet);
  }

  /** Wraps a service object so that each method call is recorded. */
  track<T extends object>(service: string, target: T): T {
    const calls = this.calls;
    return new Proxy(target, {
      get(t, key, receiver) {
        const value = Reflect.get(t, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(`${service}.${String(key)}`);
          return (value as (...a: unknown[]) => unknown).apply(t, args);
        };
      },
    });
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** Test helper: a sheet as a user left it, made active. */
  addSheet(name: string, values: readonly (readonly CellValue[])[] = []): FakeSheet {
    const sheet = new FakeSheet(this, name);
    sheet.fill(1, 1, values);
    this.sheets.push(sheet);
    this.activeSheet = sheet;
    return sheet;
  }

  protectionApi(p: FakeProtectionState): object {
    const api: object = this.track('Protection', {
      setDescription: (d: string) => ((p.description = d), api),
      getDescription: () => p.description,
      setWarningOnly: (w: boolean) => ((p.warningOnly = w), api),
      isWarningOnly: () => p.warningOnly,
      remove: () => void (p.removed = true),
    });
    return api;
  }

  private spreadsheetApi(): object {
    const gas = this;
    return this.track('Spreadsheet', {
      getId: () => 'fake-spreadsheet-id',
      getName: () => 'Таблица ММО',
      getActiveSheet: () => gas.activeSheet.api(),
      getSheetByName: (name: string) => gas.sheets.find((s) => s.name === name)?.api() ?? null,
      getSheets: () => gas.sheets.map((s) => s.api()),
      getNumSheets: () => gas.sheets.length,
      insertSheet: (name: string, index?: number) => {
        if (gas.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
          throw new Error(`Лист с названием «${name}» уже существует. Введите другое название.`);
        }
        const sheet = new FakeSheet(gas, name);
        gas.sheets.splice(index ?? gas.sheets.length, 0, sheet);
        gas.activeSheet = sheet;
        return sheet.api();
      },
      toast: (message: string, title: string) => void gas.toasts.push({ message, title }),
    });
  }

  private menuApi(title: string, entries: FakeMenuEntry[]): object {
    const gas = this;
    const api: object = this.track('Menu', {
      addItem: (label: string, handler: string) => (entries.push({ label, handler }), api),
      addSeparator: () => (entries.push('separator'), api),
      addSubMenu: (menu: { __entries?: FakeMenuEntry[]; __title?: string }) => {
        entries.push({ label: menu.__title ?? '', submenu: menu.__entries ?? [] });
        return api;
      },
      addToUi: () => void (gas.menu = { title, entries }),
      get __entries() {
        return entries;
      },
      get __title() {
        return title;
      },
    });
    return api;
  }

  private uiApi(): object {
    const gas = this;
    const ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' };
    const Button = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' };
    return this.track('Ui', {
      ButtonSet,
      Button,
      createAddonMenu: () => gas.menuApi('(дополнение)', []),
      createMenu: (title: string) => gas.menuApi(title, []),
      alert: (...args: string[]) => {
        const [title, message, buttons] =
          args.length >= 3
            ? args
            : args.length === 2 && args[1] in ButtonSet
              ? ['', args[0], args[1]]
              : ['', args[0], 'OK'];
        gas.alerts.push({ title, message, buttons });
        if (buttons === 'OK') return Button.OK;
        const answer = gas.answers.shift();
        if (!answer) throw new Error(`Тест не ответил на вопрос «${title}»: ${message}`);
        return answer;
      },
      showModalDialog: (
        output: { getContent(): string; __width?: number; __height?: number },
        title: string,
      ) =>
        void gas.dialogs.push({
          title,
          html: output.getContent(),
          width: output.__width ?? 0,
          height: output.__height ?? 0,
        }),
    });
  }

  private formApi(form: FakeForm): object {
    const gas = this;
    const item = (kind: FakeFormItem['kind']) => {
      const state = (
        kind === 'grid'
          ? { kind, title: '', help: '', required: false, rows: [], columns: [] }
          : { kind, title: '', help: '', required: false, choices: [] }
      ) as FakeFormItem;
      form.items.push(state);
      const api: object = gas.track(`${kind[0].toUpperCase()}${kind.slice(1)}Item`, {
        setTitle: (t: string) => ((state.title = t), api),
        setHelpText: (t: string) => ((state.help = t), api),
        setRequired: (r: boolean) => ((state.required = r), api),
        setChoiceValues: (v: string[]) => {
          if (state.kind === 'grid') throw new Error('grid items have rows and columns');
          state.choices = [...v];
          return api;
        },
        setRows: (v: string[]) => {
          if (state.kind !== 'grid') throw new Error('only grid items have rows');
          state.rows = [...v];
          return api;
        },
        setColumns: (v: string[]) => {
          if (state.kind !== 'grid') throw new Error('only grid items have columns');
          state.columns = [...v];
          return api;
        },
      });
      return api;
    };
    const api: object = this.track('Form', {
      setDescription: (d: string) => ((form.description = d), api),
      addTextItem: () => item('text'),
      addListItem: () => item('list'),
      addGridItem: () => item('grid'),
      addParagraphTextItem: () => item('paragraph'),
      setDestination: (type: string, id: string) => {
        if (id !== 'fake-spreadsheet-id') throw new Error(`Нет доступа к таблице ${id}`);
        form.destination = { type, id };
        // As Google does: a new tab with the questions as its header row.
        const n = gas.sheets.filter((s) => s.name.startsWith('Ответы на форму')).length + 1;
        const sheet = new FakeSheet(gas, `Ответы на форму (${n})`);
        sheet.fill(1, 1, [formAnswersHeader(form)]);
        gas.sheets.push(sheet);
        return api;
      },
      getId: () => form.id,
      getEditUrl: () => `https://docs.google.com/forms/d/${form.id}/edit`,
      getPublishedUrl: () => `https://docs.google.com/forms/d/e/${form.id}/viewform`,
    });
    return api;
  }

  /** The globals of an Apps Script project, as far as the add-on uses them. */
  globals(): Record<string, unknown> {
    const gas = this;
    const documentProperties = this.track('Properties', {
      getProperties: () => Object.fromEntries(gas.properties),
      getProperty: (key: string) => gas.properties.get(key) ?? null,
      setProperty: (key: string, value: string) => void gas.properties.set(key, String(value)),
      setProperties: (values: Record<string, string>, deleteAllOthers?: boolean) => {
        if (deleteAllOthers) gas.properties.clear();
        for (const [k, v] of Object.entries(values)) gas.properties.set(k, String(v));
      },
      deleteProperty: (key: string) => void gas.properties.delete(key),
    });
    return {
      SpreadsheetApp: this.track('SpreadsheetApp', {
        ProtectionType: { RANGE: 'RANGE', SHEET: 'SHEET' },
        getActiveSpreadsheet: () => gas.spreadsheetApi(),
        getActive: () => gas.spreadsheetApi(),
        getUi: () => gas.uiApi(),
        flush: () => undefined,
        newDataValidation: () => {
          const rule = {
            kind: 'list' as const,
            values: [] as string[],
            showDropdown: true,
            allowInvalid: true,
            helpText: '',
          };
          const builder: object = gas.track('DataValidationBuilder', {
            requireValueInList: (values: string[], showDropdown = true) => (
              Object.assign(rule, { values: [...values], showDropdown }),
              builder
            ),
            setAllowInvalid: (allow: boolean) => ((rule.allowInvalid = allow), builder),
            setHelpText: (text: string) => ((rule.helpText = text), builder),
            build: (): FakeRule => ({ ...rule }),
          });
          return builder;
        },
      }),
      PropertiesService: this.track('PropertiesService', {
        getDocumentProperties: () => documentProperties,
        getScriptProperties: () => documentProperties,
        getUserProperties: () => documentProperties,
      }),
      UrlFetchApp: this.track('UrlFetchApp', {
        fetch: (url: string, params: Record<string, unknown> = {}) => {
          gas.fetches.push({ url, params });
          const answer = gas.fetchHandler(url, params);
          if (answer.status >= 400 && !params.muteHttpExceptions) {
            throw new Error(
              `Request failed for ${url} returned code ${answer.status}. Truncated server response: ${answer.body}`,
            );
          }
          return gas.track('HTTPResponse', {
            getResponseCode: () => answer.status,
            getContentText: () => answer.body,
            getHeaders: () => ({}),
          });
        },
      }),
      HtmlService: this.track('HtmlService', {
        createHtmlOutput: (html: string) => {
          const state = { __width: 0, __height: 0 };
          const output: object = gas.track('HtmlOutput', {
            getContent: () => html,
            setWidth: (w: number) => ((state.__width = w), output),
            setHeight: (h: number) => ((state.__height = h), output),
            setTitle: () => output,
            get __width() {
              return state.__width;
            },
            get __height() {
              return state.__height;
            },
          });
          return output;
        },
      }),
      FormApp: this.track('FormApp', {
        DestinationType: { SPREADSHEET: 'SPREADSHEET' },
        create: (title: string) => {
          if (!title) throw new Error('Invalid argument: title');
          const form: FakeForm = {
            id: `fake-form-${gas.forms.length + 1}`,
            title,
            description: '',
            items: [],
            destination: null,
          };
          gas.forms.push(form);
          return gas.formApi(form);
        },
      }),
      ScriptApp: {
        AuthMode: { NONE: 'NONE', LIMITED: 'LIMITED', FULL: 'FULL', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION' },
      },
      Logger: { log: () => undefined },
    };
  }

  /** Puts the globals on `target` (globalThis by default); returns the function that takes them away. */
  install(target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): () => void {
    const globals = this.globals();
    const before = new Map(Object.keys(globals).map((k) => [k, Object.getOwnPropertyDescriptor(target, k)]));
    Object.assign(target, globals);
    return () => {
      for (const [k, d] of before) {
        if (d) Object.defineProperty(target, k, d);
        else delete target[k];
      }
    };
  }
}
