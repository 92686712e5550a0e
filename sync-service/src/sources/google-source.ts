/**
 * ММО spreadsheets in Google Sheets as a SourceAdapter.
 *
 * Calls per source and sync: one Drive files.get (modifiedTime, version); when they are what the
 * last good sync saw, that is all and the source is 'unchanged'. Otherwise one spreadsheets.get
 * with a field mask (tab titles, merges) and one values.batchGet for every tab at once: 3 calls.
 * The OAuth token is fetched once per hour for all sources.
 *
 * Dates: values are read UNFORMATTED (numbers stay numbers), but dateTimeRenderOption is
 * FORMATTED_STRING, so a date cell arrives as the text its format shows («20.12.2022»). A serial
 * number cannot be told from a plain number without each cell's format (a heavier includeGridData
 * read), while the date field and the period parser of @mmo/shared read that text as it is.
 */
import { createHash } from 'node:crypto';
import type { CellValue, Grid } from '@mmo/shared';
import type { sheets_v4 } from '@googleapis/sheets';
import type { SourceAdapter, SourceReadResult, SourceRef, SourceSheet } from '../model.js';
import type { GoogleConfig, GoogleSourceConfig } from '../google-config.js';
import { RetriesExhausted, withBackoff, type BackoffOptions } from './backoff.js';
import {
  classifyForRetry,
  createGoogleClients,
  DEFAULT_TIMEOUT_MS,
  describeFailure,
  expectObject,
  failureMessage,
  MalformedResponseError,
  READ_SCOPES,
  type GoogleClients,
} from './google-clients.js';

const SHEET_MIME = 'application/vnd.google-apps.spreadsheet';

/** What the metadata read asks for: nothing that is not used below. */
export const METADATA_FIELDS = 'properties.title,sheets(properties(sheetId,title,sheetType,hidden),merges)';
export const DRIVE_FIELDS = 'name,mimeType,modifiedTime,version';

export interface GoogleSourceOptions {
  readonly serviceAccountKeyFile: string;
  readonly sources: readonly GoogleSourceConfig[];
  /** Root of the Sheets and Drive APIs; a local fake in tests. */
  readonly rootUrl?: string;
  readonly timeoutMs?: number;
  readonly backoff?: Partial<BackoffOptions>;
}

/** A1 range of a whole tab: quoted always, since ММО tab names are Cyrillic and have spaces. */
export function wholeSheetRange(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

function cellOf(v: unknown): CellValue {
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  return null;
}

/**
 * A rectangular grid from a values range: ragged rows padded with null, and every cell of a merged
 * range given its top-left cell's value, as the .xlsx reader does, so a merged «Сроки» cell
 * spanning three events is read for all three.
 */
export function buildGrid(values: unknown, merges: readonly sheets_v4.Schema$GridRange[] = []): Grid {
  const rows: CellValue[][] = Array.isArray(values)
    ? values.map((r) => (Array.isArray(r) ? r.map(cellOf) : []))
    : [];
  // Sheets trims trailing empty cells, but a cell of spaces counts for it and is empty for us.
  for (const row of rows) while (row.length > 0 && row[row.length - 1] === null) row.pop();
  while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
  let width = Math.max(0, ...rows.map((r) => r.length));
  const fills: { r0: number; r1: number; c0: number; c1: number; value: CellValue }[] = [];
  for (const m of merges) {
    // proto3 JSON leaves zero indexes out: a merge at A1 comes without start indexes.
    const r0 = m.startRowIndex ?? 0;
    const c0 = m.startColumnIndex ?? 0;
    const value = rows[r0]?.[c0] ?? null;
    if (value === null) continue;
    // An open end (never seen for merges, legal for a GridRange) stops at the data.
    const r1 = m.endRowIndex ?? rows.length;
    const c1 = m.endColumnIndex ?? width;
    fills.push({ r0, r1, c0, c1, value });
    width = Math.max(width, c1);
  }
  const height = Math.max(rows.length, ...fills.map((f) => f.r1));
  const grid: CellValue[][] = [];
  for (let r = 0; r < height; r++) {
    const row = rows[r] ?? [];
    const padded =
      row.length === width ? row : [...row, ...new Array<CellValue>(width - row.length).fill(null)];
    grid.push(padded);
  }
  for (const f of fills)
    for (let r = f.r0; r < f.r1; r++) for (let c = f.c0; c < f.c1; c++) grid[r][c] = f.value;
  return grid;
}

/** When Drive cannot tell the revision: a digest of what was read still lets an unchanged source be skipped by the engine. */
function contentRevision(title: string, sheets: readonly SourceSheet[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([title, sheets.map((s) => [s.name, s.grid])]));
  return `content:${h.digest('hex').slice(0, 32)}`;
}

function driveRevision(file: { modifiedTime?: unknown; version?: unknown }): string | null {
  const version =
    typeof file.version === 'string' || typeof file.version === 'number' ? String(file.version) : '';
  const modified = typeof file.modifiedTime === 'string' ? file.modifiedTime : '';
  // version grows with every change, modifiedTime is kept too in case one of them is missing.
  return version || modified ? `drive:${version}@${modified}` : null;
}

export class GoogleSheetsSource implements SourceAdapter {
  readonly #options: GoogleSourceOptions;
  readonly #timeoutMs: number;
  /**
   * The one thing shared between concurrent reads: the clients and their token cache. Created on
   * first use and dropped when it fails, so a fixed key file is picked up by the next sync.
   */
  #clients: Promise<GoogleClients> | null = null;

  constructor(options: GoogleSourceOptions) {
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async list(): Promise<SourceRef[]> {
    return this.#options.sources.map((s) => ({
      id: s.spreadsheetId,
      name: s.name ?? s.spreadsheetId,
      districtHint: s.mmo,
    }));
  }

  #getClients(): Promise<GoogleClients> {
    if (!this.#clients) {
      const p = createGoogleClients({
        keyFile: this.#options.serviceAccountKeyFile,
        scopes: READ_SCOPES,
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

  /** The e-mail ММО share their spreadsheets with (for instructions and the dashboard). */
  async serviceAccountEmail(): Promise<string> {
    return (await this.#getClients()).serviceAccountEmail;
  }

  #call<T>(fn: () => Promise<T>): Promise<T> {
    const now = this.#options.backoff?.now ?? Date.now;
    return withBackoff(fn, (e) => classifyForRetry(e, now), this.#options.backoff);
  }

  async read(ref: SourceRef, knownRevision: string | null): Promise<SourceReadResult> {
    let email: string | null = null;
    let title: string | null = ref.name !== ref.id ? ref.name : null;
    let api: 'sheets' | 'drive' = 'drive';
    try {
      const clients = await this.#getClients();
      email = clients.serviceAccountEmail;

      let revision: string | null = null;
      try {
        const res = await this.#call(() =>
          clients.drive.files.get({ fileId: ref.id, fields: DRIVE_FIELDS, supportsAllDrives: true }),
        );
        const file = expectObject(res.data, 'Drive files.get');
        if (typeof file.name === 'string' && !title) title = file.name;
        if (typeof file.mimeType === 'string' && file.mimeType !== SHEET_MIME) {
          return { status: 'failed', ref, reason: notASheet(ref, title, file.mimeType) };
        }
        revision = driveRevision(file);
      } catch (e) {
        // Drive says 404 for a file the account cannot see, and 403 when the Drive API is off in
        // the project: Sheets gives the precise answer (403 not shared / 404 no such ID), and if
        // it reads fine the source is still synced, with a content digest as its revision.
        const status = e instanceof RetriesExhausted ? null : describeFailure(e).status;
        if (status !== 404 && status !== 403) throw e;
      }
      if (revision !== null && revision === knownRevision) return { status: 'unchanged', ref, revision };

      api = 'sheets';
      const meta = expectObject(
        (
          await this.#call(() =>
            clients.sheets.spreadsheets.get({ spreadsheetId: ref.id, fields: METADATA_FIELDS }),
          )
        ).data,
        'Sheets spreadsheets.get',
      ) as sheets_v4.Schema$Spreadsheet;
      if (!Array.isArray(meta.sheets))
        throw new MalformedResponseError('Sheets spreadsheets.get: нет списка листов');
      const spreadsheetTitle = meta.properties?.title ?? title ?? ref.id;
      // Charts on their own tab have no cells; hidden tabs are lists and scratch, as in .xlsx sources.
      const tabs = meta.sheets.filter(
        (s) =>
          (s.properties?.sheetType ?? 'GRID') === 'GRID' &&
          !s.properties?.hidden &&
          typeof s.properties?.title === 'string',
      );

      let sheets: SourceSheet[] = [];
      if (tabs.length > 0) {
        const ranges = tabs.map((s) => wholeSheetRange(s.properties!.title!));
        const data = expectObject(
          (
            await this.#call(() =>
              clients.sheets.spreadsheets.values.batchGet({
                spreadsheetId: ref.id,
                ranges,
                valueRenderOption: 'UNFORMATTED_VALUE',
                dateTimeRenderOption: 'FORMATTED_STRING',
                majorDimension: 'ROWS',
                fields: 'valueRanges(range,values)',
              }),
            )
          ).data,
          'Sheets values.batchGet',
        ) as sheets_v4.Schema$BatchGetValuesResponse;
        const valueRanges = data.valueRanges;
        if (!Array.isArray(valueRanges) || valueRanges.length !== tabs.length) {
          throw new MalformedResponseError(
            'Sheets values.batchGet: число диапазонов не совпадает с запрошенным',
          );
        }
        // Ranges come back in the order asked for.
        sheets = tabs.map((tab, i) => ({
          name: tab.properties!.title!,
          grid: buildGrid(valueRanges[i]?.values, tab.merges ?? []),
        }));
      }

      const finalRevision = revision ?? contentRevision(spreadsheetTitle, sheets);
      if (revision === null && finalRevision === knownRevision)
        return { status: 'unchanged', ref, revision: finalRevision };
      // A change between the Drive read and batchGet leaves the older revision with newer data:
      // the next sync sees a new revision and reads again, so nothing is lost.
      return {
        status: 'ok',
        workbook: {
          id: ref.id,
          name: spreadsheetTitle,
          districtHint: ref.districtHint,
          revision: finalRevision,
          sheets,
        },
      };
    } catch (e) {
      const retry =
        e instanceof RetriesExhausted
          ? { attempts: e.attempts, budgetExceeded: e.budgetExceeded }
          : undefined;
      const cause = e instanceof RetriesExhausted ? e.lastError : e;
      const reason = failureMessage(
        cause,
        { kind: 'source', id: ref.id, title, serviceAccountEmail: email, timeoutMs: this.#timeoutMs, api },
        retry,
      );
      return { status: 'failed', ref, reason };
    }
  }
}

function notASheet(ref: SourceRef, title: string | null, mimeType: string): string {
  const named = title ? `«${title}» (ID ${ref.id})` : `с ID ${ref.id}`;
  const what = /spreadsheetml|ms-excel/.test(mimeType) ? 'загруженный файл Excel' : `файл типа ${mimeType}`;
  return `Файл ${named} — не Google Таблица, а ${what}: откройте его в Google Таблицах, выберите «Файл → Сохранить как Google Таблицу» и укажите в настройках ID новой таблицы`;
}

/** The adapter for a Google mode settings file; `overrides` point it at a fake and speed up waits in tests. */
export function googleSourceFromConfig(
  config: GoogleConfig,
  overrides: Partial<Omit<GoogleSourceOptions, 'sources' | 'serviceAccountKeyFile'>> = {},
): GoogleSheetsSource {
  return new GoogleSheetsSource({
    serviceAccountKeyFile: config.serviceAccountKeyFile,
    sources: config.sources,
    ...(config.requestTimeoutMs !== undefined ? { timeoutMs: config.requestTimeoutMs } : {}),
    ...overrides,
  });
}
