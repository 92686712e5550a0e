/**
 * Writes the regional sheets into the output Google spreadsheet.
 *
 * Calls per sync: one read (spreadsheets.get: tab ids and grid sizes) and two writes.
 * 1. spreadsheets.batchUpdate — adds missing tabs (sized, header frozen, column widths), grows grids
 *    that are too small, bolds the header, and clears whatever lies outside the new data rectangle.
 * 2. spreadsheets.values.batchUpdate, valueInputOption RAW — every tab's header and rows, empty cells
 *    written as '' so the old values inside the rectangle go too. RAW keeps «=СУММ(A1)», «+7 928…»,
 *    «-», «@школа» as text: with USER_ENTERED Sheets would turn them into formulas.
 *
 * Why not a single batchUpdate of updateCells: CellData ({"userEnteredValue":{"stringValue":…}})
 * is about three times the size of a values array, and Google rejects requests over 10 MiB — a
 * season of «Заявки» already approaches that as plain values. Very large outputs are split into
 * several values writes of at most `maxPayloadBytes` each; a typical sync is one.
 * The stale region is cleared before the values are written, never the whole tab: a reader opening
 * the spreadsheet mid-sync sees the previous data, not empty tabs.
 * Grids are never shrunk: deleting rows would rewrite РМЦ's own formulas that point at these tabs.
 * Tabs the sync no longer produces are left alone; РМЦ may keep its own tabs in the spreadsheet.
 * A writer remembers a hash of each tab's values as it last wrote them: a tab whose sheet did not
 * change since is left out of the values writes (a sync after one changed source sends only the
 * tabs that source changed). Cells edited by hand in such a tab stay until its sheet changes.
 */
import { columnLetter, formatDayMonthYear, uniqueSheetNames, type CellValue } from '@mmo/shared';
import type { sheets_v4 } from '@googleapis/sheets';
import type { RegionalSheet } from './regional-sheets.js';
import { sheetHash } from './sheet-parts.js';
import type { GoogleConfig } from '../google-config.js';
import { RetriesExhausted, withBackoff, type BackoffOptions } from '../sources/backoff.js';
import {
  classifyForRetry,
  createGoogleClients,
  DEFAULT_TIMEOUT_MS,
  expectObject,
  failureMessage,
  MalformedResponseError,
  WRITE_SCOPES,
  type GoogleClients,
} from '../sources/google-clients.js';

/** Google's cell text limit. */
const MAX_CELL_TEXT = 50_000;
/** Below Google's 10 MiB request limit with room for slow links within the request timeout. */
const DEFAULT_MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

export interface GoogleWriterOptions {
  readonly serviceAccountKeyFile: string;
  readonly spreadsheetId: string;
  readonly rootUrl?: string;
  readonly timeoutMs?: number;
  readonly backoff?: Partial<BackoffOptions>;
  readonly maxPayloadBytes?: number;
}

export type GoogleWriteResult =
  | {
      readonly status: 'ok';
      readonly spreadsheetId: string;
      readonly title: string;
      readonly addedTabs: readonly string[];
      /** Tabs whose values were sent. */
      readonly writtenTabs: readonly string[];
      /** Tabs left as they were: their values had not changed since this writer last wrote them. */
      readonly unchangedTabs: readonly string[];
      readonly cells: number;
      /** HTTP calls made, retries included: the bench and the report show them. */
      readonly calls: { readonly read: number; readonly write: number };
    }
  | { readonly status: 'failed'; readonly spreadsheetId: string; readonly reason: string };

/** A cell as the values write carries it: dates as the dd.MM.yyyy text РМЦ reads. */
export function googleCell(value: CellValue): string | number | boolean {
  if (value === null) return '';
  if (typeof value === 'string')
    return value.length > MAX_CELL_TEXT ? `${value.slice(0, MAX_CELL_TEXT - 1)}…` : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value;
  return formatDayMonthYear(value);
}

function quoteTitle(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

/** Characters to pixels, roughly as Sheets renders its default 10 pt Arial. */
function pixelWidth(chars: number): number {
  return Math.max(40, Math.round(chars * 7 + 10));
}

interface TabPlan {
  readonly sheet: RegionalSheet;
  readonly sheetId: number;
  /** Header included. */
  readonly rows: number;
  readonly cols: number;
}

interface ExistingTab {
  readonly sheetId: number;
  readonly title: string;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly frozenRowCount: number;
}

/** The structural batchUpdate: tabs, grid sizes, header look, and clearing outside the new data. */
export function structureRequests(
  sheets: readonly RegionalSheet[],
  existing: readonly ExistingTab[],
): { requests: sheets_v4.Schema$Request[]; tabs: TabPlan[]; added: string[] } {
  const byTitle = new Map(existing.map((t) => [t.title.toLowerCase(), t]));
  let nextId = Math.max(0, ...existing.map((t) => t.sheetId)) + 1;
  const requests: sheets_v4.Schema$Request[] = [];
  const tabs: TabPlan[] = [];
  const added: string[] = [];
  for (const sheet of sheets) {
    const rows = 1 + sheet.rows.length;
    const cols = Math.max(1, sheet.columns.length, ...sheet.rows.map((r) => r.length));
    // Sheet titles are unique regardless of case: «заявки» blocks a new «Заявки».
    const tab = byTitle.get(sheet.name.toLowerCase());
    // Freezing every row of a grid is refused, so a header-only tab still gets a second row.
    const wantRows = Math.max(rows, 2);
    let sheetId: number;
    if (!tab) {
      sheetId = nextId++;
      added.push(sheet.name);
      requests.push({
        addSheet: {
          properties: {
            sheetId,
            title: sheet.name,
            gridProperties: { rowCount: wantRows, columnCount: cols, frozenRowCount: 1 },
          },
        },
      });
      sheet.columns.forEach((c, i) =>
        requests.push({
          updateDimensionProperties: {
            range: { sheetId, dimension: 'COLUMNS', startIndex: i, endIndex: i + 1 },
            properties: { pixelSize: pixelWidth(c.width) },
            fields: 'pixelSize',
          },
        }),
      );
    } else {
      sheetId = tab.sheetId;
      const rowCount = Math.max(tab.rowCount, wantRows);
      const columnCount = Math.max(tab.columnCount, cols);
      if (
        rowCount !== tab.rowCount ||
        columnCount !== tab.columnCount ||
        tab.frozenRowCount !== 1 ||
        tab.title !== sheet.name
      ) {
        requests.push({
          updateSheetProperties: {
            properties: {
              sheetId,
              title: sheet.name,
              gridProperties: { rowCount, columnCount, frozenRowCount: 1 },
            },
            fields: 'title,gridProperties.rowCount,gridProperties.columnCount,gridProperties.frozenRowCount',
          },
        });
      }
      // Old data below and to the right of what is written now.
      if (rows < rowCount)
        requests.push({
          updateCells: { range: { sheetId, startRowIndex: rows }, fields: 'userEnteredValue' },
        });
      if (cols < columnCount) {
        requests.push({
          updateCells: {
            range: { sheetId, startRowIndex: 0, endRowIndex: rows, startColumnIndex: cols },
            fields: 'userEnteredValue',
          },
        });
      }
    }
    requests.push({
      repeatCell: {
        range: { sheetId, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: cols },
        cell: { userEnteredFormat: { textFormat: { bold: true } } },
        fields: 'userEnteredFormat.textFormat.bold',
      },
    });
    tabs.push({ sheet, sheetId, rows, cols });
  }
  return { requests, tabs, added };
}

/** The values writes: every tab's rectangle, split into requests of at most `maxBytes` of JSON. */
export function valueRequests(
  tabs: readonly TabPlan[],
  maxBytes: number,
): sheets_v4.Schema$BatchUpdateValuesRequest[] {
  const bodies: sheets_v4.Schema$BatchUpdateValuesRequest[] = [];
  let data: sheets_v4.Schema$ValueRange[] = [];
  let size = 0;
  const flush = () => {
    if (data.length) bodies.push({ valueInputOption: 'RAW', data });
    data = [];
    size = 0;
  };
  for (const tab of tabs) {
    const all: CellValue[][] = [tab.sheet.columns.map((c) => c.header), ...tab.sheet.rows.map((r) => [...r])];
    let start = 0;
    let chunk: (string | number | boolean)[][] = [];
    const emit = () => {
      if (chunk.length === 0) return;
      data.push({
        range: `${quoteTitle(tab.sheet.name)}!A${start + 1}:${columnLetter(tab.cols)}${start + chunk.length}`,
        values: chunk,
      });
      start += chunk.length;
      chunk = [];
    };
    for (const row of all) {
      const out: (string | number | boolean)[] = new Array(tab.cols);
      for (let c = 0; c < tab.cols; c++) out[c] = googleCell(row[c] ?? null);
      const rowBytes = Buffer.byteLength(JSON.stringify(out)) + 1;
      if (size + rowBytes > maxBytes && size > 0) {
        emit();
        flush();
      }
      chunk.push(out);
      size += rowBytes;
    }
    emit();
  }
  flush();
  return bodies;
}

export class GoogleRegionalWriter {
  readonly #options: GoogleWriterOptions;
  readonly #timeoutMs: number;
  #clients: Promise<GoogleClients> | null = null;
  /** Per tab (sheetId): the hash of the sheet whose values it holds, as this writer last wrote them. */
  readonly #written = new Map<number, string>();

  constructor(options: GoogleWriterOptions) {
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * The options, for the sync's worker thread to build its own writer from; null when they hold
   * functions (an injected clock or sleep in tests), which cannot cross threads.
   */
  get workerOptions(): GoogleWriterOptions | null {
    const backoff = this.#options.backoff ?? {};
    return Object.values(backoff).some((v) => typeof v === 'function') ? null : this.#options;
  }

  #getClients(): Promise<GoogleClients> {
    if (!this.#clients) {
      const p = createGoogleClients({
        keyFile: this.#options.serviceAccountKeyFile,
        scopes: WRITE_SCOPES,
        rootUrl: this.#options.rootUrl,
        timeoutMs: this.#timeoutMs,
      });
      this.#clients = p;
      p.catch(() => {
        if (this.#clients === p) this.#clients = null;
      });
    }
    return this.#clients;
  }

  /** Never throws: a failure comes back with a Russian reason for the sync report. */
  async write(wanted: readonly RegionalSheet[]): Promise<GoogleWriteResult> {
    const spreadsheetId = this.#options.spreadsheetId;
    // The names the .xlsx writer gives: a second «Заявки» becomes «Заявки (2)» in both, never overwrites the first.
    const names = uniqueSheetNames(wanted.map((s) => s.name));
    const sheets = wanted.map((s, i) => (s.name === names[i] ? s : { ...s, name: names[i] }));
    let email: string | null = null;
    let title: string | null = null;
    const calls = { read: 0, write: 0 };
    const now = this.#options.backoff?.now ?? Date.now;
    const retrying = <T>(fn: () => Promise<T>) =>
      withBackoff(fn, (e) => classifyForRetry(e, now), this.#options.backoff);
    try {
      const clients = await this.#getClients();
      email = clients.serviceAccountEmail;
      // Read and structure are retried together: a batchUpdate whose answer was lost may have
      // added the tabs already, and only a fresh read tells.
      const plan = await retrying(async () => {
        calls.read++;
        const meta = expectObject(
          (
            await clients.sheets.spreadsheets.get({
              spreadsheetId,
              fields:
                'properties.title,sheets.properties(sheetId,title,sheetType,gridProperties(rowCount,columnCount,frozenRowCount))',
            })
          ).data,
          'Sheets spreadsheets.get',
        ) as sheets_v4.Schema$Spreadsheet;
        if (!Array.isArray(meta.sheets))
          throw new MalformedResponseError('Sheets spreadsheets.get: нет списка листов');
        title = meta.properties?.title ?? null;
        const existing: ExistingTab[] = meta.sheets
          .filter(
            (s) => (s.properties?.sheetType ?? 'GRID') === 'GRID' && typeof s.properties?.title === 'string',
          )
          .map((s) => ({
            sheetId: s.properties!.sheetId ?? 0,
            title: s.properties!.title!,
            rowCount: s.properties!.gridProperties?.rowCount ?? 0,
            columnCount: s.properties!.gridProperties?.columnCount ?? 0,
            frozenRowCount: s.properties!.gridProperties?.frozenRowCount ?? 0,
          }));
        const structure = structureRequests(sheets, existing);
        calls.write++;
        expectObject(
          (
            await clients.sheets.spreadsheets.batchUpdate({
              spreadsheetId,
              fields: 'spreadsheetId',
              requestBody: { requests: structure.requests },
            })
          ).data,
          'Sheets spreadsheets.batchUpdate',
        );
        return structure;
      });
      const added = new Set(plan.added);
      const changed = plan.tabs.filter(
        (t) => added.has(t.sheet.name) || this.#written.get(t.sheetId) !== sheetHash(t.sheet),
      );
      // Until its values are written whole, a tab holds nothing this writer can vouch for.
      for (const t of changed) this.#written.delete(t.sheetId);
      let cells = 0;
      for (const body of valueRequests(changed, this.#options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES)) {
        for (const d of body.data ?? []) for (const r of d.values ?? []) cells += r.length;
        // Values writes are idempotent: a retry after a lost answer writes the same cells again.
        await retrying(async () => {
          calls.write++;
          expectObject(
            (
              await clients.sheets.spreadsheets.values.batchUpdate({
                spreadsheetId,
                fields: 'totalUpdatedCells',
                requestBody: body,
              })
            ).data,
            'Sheets values.batchUpdate',
          );
        });
      }
      for (const t of changed) this.#written.set(t.sheetId, sheetHash(t.sheet));
      return {
        status: 'ok',
        spreadsheetId,
        title: title ?? spreadsheetId,
        addedTabs: plan.added,
        writtenTabs: changed.map((t) => t.sheet.name),
        unchangedTabs: plan.tabs.filter((t) => !changed.includes(t)).map((t) => t.sheet.name),
        cells,
        calls,
      };
    } catch (e) {
      const retry =
        e instanceof RetriesExhausted
          ? { attempts: e.attempts, budgetExceeded: e.budgetExceeded }
          : undefined;
      const cause = e instanceof RetriesExhausted ? e.lastError : e;
      return {
        status: 'failed',
        spreadsheetId,
        reason: failureMessage(
          cause,
          {
            kind: 'output',
            id: spreadsheetId,
            title,
            serviceAccountEmail: email,
            timeoutMs: this.#timeoutMs,
            api: 'sheets',
          },
          retry,
        ),
      };
    }
  }
}

/** One-off write (the CLI); a long-running service keeps a GoogleRegionalWriter to reuse its token. */
export function writeRegionalToGoogle(
  options: GoogleWriterOptions,
  sheets: readonly RegionalSheet[],
): Promise<GoogleWriteResult> {
  return new GoogleRegionalWriter(options).write(sheets);
}

/** The writer for a Google mode settings file; `overrides` point it at a fake and speed up waits in tests. */
export function googleWriterFromConfig(
  config: GoogleConfig,
  overrides: Partial<Omit<GoogleWriterOptions, 'spreadsheetId' | 'serviceAccountKeyFile'>> = {},
): GoogleRegionalWriter {
  return new GoogleRegionalWriter({
    serviceAccountKeyFile: config.serviceAccountKeyFile,
    spreadsheetId: config.output.spreadsheetId,
    ...(config.requestTimeoutMs !== undefined ? { timeoutMs: config.requestTimeoutMs } : {}),
    ...overrides,
  });
}
