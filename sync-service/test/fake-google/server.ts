/**
 * A local stand-in for the parts of Google's OAuth, Drive v3 and Sheets v4 APIs the sync service
 * uses, so the real googleapis clients can be exercised (tests) and timed (bench) without Google.
 *
 * What it mimics because the service depends on it:
 * - OAuth: a JWT-bearer grant signed by a key it issued (createServiceAccount); the token remembers
 *   the account's e-mail and scopes, and every API call checks both.
 * - Access: a spreadsheet not shared with the account is 404 in Drive (Drive hides files you cannot
 *   see) and 403 PERMISSION_DENIED in Sheets, as Google answers.
 * - Partial responses: `fields` masks are applied, proto3 zeros are left out of merge ranges.
 * - Values: trailing empty cells and rows trimmed, `values` absent for an empty range, render
 *   options for dates, RAW vs USER_ENTERED on writes, grid limits on writes.
 * - batchUpdate is atomic: one bad request and nothing is applied.
 * Faults (status sequences with Retry-After, hangs, malformed bodies) and a per-call latency are
 * injectable; every call is logged and the peak number of calls in flight is kept.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes, verify as verifySignature, type KeyObject } from 'node:crypto';
import type { CellValue } from '@mmo/shared';
import { applyFieldMask, FieldMaskError, parseFieldMask } from './field-mask.js';

/** A stored cell: a value, or a formula (what USER_ENTERED makes of «=…»). */
export type FakeCell = CellValue | { readonly formula: string; readonly value?: CellValue };

/** 0-based, end-exclusive, as GridRange. */
export interface FakeMerge {
  readonly startRowIndex: number;
  readonly endRowIndex: number;
  readonly startColumnIndex: number;
  readonly endColumnIndex: number;
}

export interface FakeSheet {
  sheetId: number;
  title: string;
  values: FakeCell[][];
  merges: FakeMerge[];
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  hidden: boolean;
  /** Column index → pixel width, from updateDimensionProperties. */
  columnWidths: Record<number, number>;
  /** «row:col» of cells written bold through userEnteredFormat. */
  bold: Set<string>;
}

export interface FakeSpreadsheet {
  readonly id: string;
  title: string;
  sheets: FakeSheet[];
  modifiedTime: string;
  version: number;
  mimeType: string;
  /** E-mails of service accounts that may open it. */
  readonly sharedWith: Set<string>;
}

export interface FakeSheetInit {
  readonly title: string;
  readonly values?: readonly (readonly FakeCell[])[];
  readonly merges?: readonly FakeMerge[];
  readonly sheetId?: number;
  readonly rowCount?: number;
  readonly columnCount?: number;
  readonly hidden?: boolean;
}

export interface FakeSpreadsheetInit {
  readonly id: string;
  readonly title: string;
  readonly sheets?: readonly FakeSheetInit[];
  readonly sharedWith?: Iterable<string>;
  readonly modifiedTime?: string;
  readonly version?: number;
  /** An uploaded .xlsx keeps its own MIME type and is not a Google Sheet. */
  readonly mimeType?: string;
}

export type FakeEndpoint =
  | 'token'
  | 'drive.files.get'
  | 'sheets.get'
  | 'values.batchGet'
  | 'sheets.batchUpdate'
  | 'values.batchUpdate'
  | 'values.batchClear'
  | 'unknown';

export const WRITE_ENDPOINTS: readonly FakeEndpoint[] = [
  'sheets.batchUpdate',
  'values.batchUpdate',
  'values.batchClear',
];

export interface FakeCall {
  readonly endpoint: FakeEndpoint;
  readonly method: string;
  readonly path: string;
  readonly spreadsheetId: string | null;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** The service account the bearer token was issued to. */
  readonly email: string | null;
  status: number;
  /** Set when an injected fault answered this call. */
  fault?: FakeFault;
}

export interface FakeFault {
  /** Answer with this status (and a Google-style error body); 200 when only `malformed` is set. */
  readonly status?: number;
  /** Retry-After header: seconds («1») or an HTTP date. */
  readonly retryAfter?: string;
  /** Hold the call this long before handling it (longer than the client's timeout → a timeout). */
  readonly delayMs?: number;
  /** Handle the call at once, then hold the answer: a write applied whose answer the client never gets. */
  readonly answerDelayMs?: number;
  /** A 200 whose JSON body is cut off. */
  readonly malformed?: boolean;
}

export interface FaultMatcher {
  readonly endpoint?: FakeEndpoint;
  readonly spreadsheetId?: string;
}

/** The JSON key file Google gives for a service account, pointing at the fake's token endpoint. */
export interface FakeServiceAccountKey {
  readonly type: 'service_account';
  readonly project_id: string;
  readonly private_key_id: string;
  readonly private_key: string;
  readonly client_email: string;
  readonly client_id: string;
  readonly token_uri: string;
}

interface FaultRule {
  readonly match: FaultMatcher;
  readonly queue: FakeFault[];
  readonly always?: FakeFault;
}

interface TokenInfo {
  readonly email: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
}

const SHEET_MIME = 'application/vnd.google-apps.spreadsheet';

const READ_SHEETS_SCOPES = ['spreadsheets', 'spreadsheets.readonly', 'drive', 'drive.readonly', 'drive.file'];
const WRITE_SHEETS_SCOPES = ['spreadsheets', 'drive', 'drive.file'];
const DRIVE_METADATA_SCOPES = [
  'drive',
  'drive.readonly',
  'drive.metadata',
  'drive.metadata.readonly',
  'drive.file',
];

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly rpcStatus: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

function googleError(status: number, message: string, rpcStatus: string, reason?: string): object {
  return {
    error: {
      code: status,
      message,
      status: rpcStatus,
      ...(reason ? { errors: [{ message, domain: 'global', reason }] } : {}),
    },
  };
}

const STATUS_TEXT: Record<number, [string, string]> = {
  400: ['INVALID_ARGUMENT', 'Invalid request.'],
  401: ['UNAUTHENTICATED', 'Request had invalid authentication credentials.'],
  403: ['PERMISSION_DENIED', 'The caller does not have permission'],
  404: ['NOT_FOUND', 'Requested entity was not found.'],
  429: [
    'RESOURCE_EXHAUSTED',
    "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user'.",
  ],
  500: ['INTERNAL', 'Internal error encountered.'],
  502: ['UNAVAILABLE', 'Bad Gateway'],
  503: ['UNAVAILABLE', 'The service is currently unavailable.'],
  504: ['DEADLINE_EXCEEDED', 'The request timed out.'],
};

// ---------------------------------------------------------------------------------------------
// A1 notation

function columnToIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function quoteTitle(title: string): string {
  return /^[A-Za-z0-9_]+$/.test(title) ? title : `'${title.replace(/'/g, "''")}'`;
}

interface A1Range {
  readonly title: string;
  /** 0-based, end-exclusive; undefined = to the edge of the grid. */
  readonly startRow: number;
  readonly endRow?: number;
  readonly startCol: number;
  readonly endCol?: number;
}

function parseA1(range: string): A1Range {
  let title: string;
  let cells: string;
  const quoted = /^'((?:[^']|'')*)'(?:!(.*))?$/.exec(range);
  if (quoted) {
    title = quoted[1].replace(/''/g, "'");
    cells = quoted[2] ?? '';
  } else {
    const bang = range.lastIndexOf('!');
    title = bang >= 0 ? range.slice(0, bang) : range;
    cells = bang >= 0 ? range.slice(bang + 1) : '';
  }
  if (cells === '') return { title, startRow: 0, startCol: 0 };
  const m = /^([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?$/.exec(cells);
  if (!m) throw new HttpError(400, `Unable to parse range: ${range}`, 'INVALID_ARGUMENT');
  const [, c1, r1, c2, r2] = m;
  const single = m[3] === undefined && m[4] === undefined;
  return {
    title,
    startRow: r1 ? Number(r1) - 1 : 0,
    startCol: c1 ? columnToIndex(c1) : 0,
    endRow: single ? (r1 ? Number(r1) : undefined) : r2 ? Number(r2) : undefined,
    endCol: single ? (c1 ? columnToIndex(c1) + 1 : undefined) : c2 ? columnToIndex(c2) + 1 : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Cells

function isFormula(
  cell: FakeCell | undefined,
): cell is { readonly formula: string; readonly value?: CellValue } {
  return cell !== null && typeof cell === 'object' && !(cell instanceof Date);
}

function isEmptyCell(cell: FakeCell | undefined): boolean {
  return cell === undefined || cell === null || cell === '';
}

function serialOf(d: Date): number {
  // Sheets serials count days from 1899-12-30 in the spreadsheet's wall-clock time.
  return (
    (Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()) -
      Date.UTC(1899, 11, 30)) /
    86_400_000
  );
}

function ruDate(d: Date): string {
  return `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}.${d.getFullYear()}`;
}

function renderCell(
  cell: FakeCell | undefined,
  valueRender: string,
  dateRender: string,
): string | number | boolean {
  if (cell === undefined || cell === null) return '';
  if (isFormula(cell))
    return valueRender === 'FORMULA' ? cell.formula : renderCell(cell.value ?? null, valueRender, dateRender);
  if (cell instanceof Date) {
    if (valueRender === 'UNFORMATTED_VALUE' && dateRender === 'SERIAL_NUMBER') return serialOf(cell);
    return ruDate(cell);
  }
  if (valueRender === 'FORMATTED_VALUE') {
    if (typeof cell === 'number') return String(cell).replace('.', ',');
    if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  }
  return cell;
}

function userEntered(value: unknown): FakeCell {
  if (typeof value === 'string') {
    if (value.startsWith('=')) return { formula: value };
    if (/^-?\d+(?:[.,]\d+)?$/.test(value.trim())) return Number(value.trim().replace(',', '.'));
    if (/^(TRUE|FALSE)$/i.test(value)) return value.toUpperCase() === 'TRUE';
    return value;
  }
  return rawValue(value);
}

function rawValue(value: unknown): FakeCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new HttpError(
    400,
    `Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), ${JSON.stringify(value)}`,
    'INVALID_ARGUMENT',
  );
}

function extendedValue(v: unknown): FakeCell {
  if (!v || typeof v !== 'object') return null;
  const e = v as {
    stringValue?: unknown;
    numberValue?: unknown;
    boolValue?: unknown;
    formulaValue?: unknown;
    errorValue?: unknown;
  };
  if (typeof e.stringValue === 'string') return e.stringValue;
  if (typeof e.numberValue === 'number') return e.numberValue;
  if (typeof e.boolValue === 'boolean') return e.boolValue;
  if (typeof e.formulaValue === 'string') return { formula: e.formulaValue };
  return null;
}

function setCell(sheet: FakeSheet, r: number, c: number, value: FakeCell): void {
  if (isEmptyCell(value)) {
    const row = sheet.values[r];
    if (row && c < row.length) row[c] = null;
    return;
  }
  while (sheet.values.length <= r) sheet.values.push([]);
  const row = sheet.values[r];
  while (row.length < c) row.push(null);
  row[c] = value;
}

function trimSheet(sheet: FakeSheet): void {
  for (const row of sheet.values) while (row.length > 0 && isEmptyCell(row[row.length - 1])) row.pop();
  while (sheet.values.length > 0 && sheet.values[sheet.values.length - 1].length === 0) sheet.values.pop();
}

function exceedsGrid(sheet: FakeSheet, rowEnd: number, colEnd: number): HttpError {
  return new HttpError(
    400,
    `Range ('${sheet.title}'!A1:${columnLetters(colEnd - 1)}${rowEnd}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
    'INVALID_ARGUMENT',
  );
}

// ---------------------------------------------------------------------------------------------

export class FakeGoogle {
  /** Root of both APIs: pass as the clients' rootUrl. */
  readonly url: string;
  readonly tokenUrl: string;
  /** Added to every call, the token one included (the bench uses 100 ms). */
  latencyMs: number;
  readonly spreadsheets = new Map<string, FakeSpreadsheet>();
  readonly calls: FakeCall[] = [];
  /** Every access token issued: to whom and with which scopes (short names: «spreadsheets.readonly»). */
  readonly tokensIssued: { readonly email: string; readonly scopes: readonly string[] }[] = [];
  inFlight = 0;
  maxInFlight = 0;

  readonly #server: Server;
  readonly #publicKeys = new Map<string, KeyObject>();
  readonly #tokens = new Map<string, TokenInfo>();
  #faults: FaultRule[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  #clock = Date.parse('2024-09-01T08:00:00.000Z');

  constructor(server: Server, latencyMs: number) {
    this.#server = server;
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/`;
    this.tokenUrl = `${this.url}token`;
    this.latencyMs = latencyMs;
  }

  // --- set-up ----------------------------------------------------------------------------------

  /** A new service account: the fake keeps the public key to check grants, the test gets the key file. */
  createServiceAccount(email: string): FakeServiceAccountKey {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#publicKeys.set(email, publicKey);
    return {
      type: 'service_account',
      project_id: 'mmo-sync-test',
      private_key_id: randomBytes(20).toString('hex'),
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: email,
      client_id: String(100000000000000000000n + BigInt(this.#publicKeys.size)),
      token_uri: this.tokenUrl,
    };
  }

  addSpreadsheet(init: FakeSpreadsheetInit): FakeSpreadsheet {
    const sheets = (init.sheets ?? [{ title: 'Лист1' }]).map((s, i) =>
      this.#newSheet(s, s.sheetId ?? (i === 0 ? 0 : 1000 + i)),
    );
    const ss: FakeSpreadsheet = {
      id: init.id,
      title: init.title,
      sheets,
      modifiedTime: init.modifiedTime ?? this.#tick(),
      version: init.version ?? 1,
      mimeType: init.mimeType ?? SHEET_MIME,
      sharedWith: new Set(init.sharedWith ?? []),
    };
    this.spreadsheets.set(ss.id, ss);
    return ss;
  }

  /** Stored values of one tab (formulas as { formula }). */
  sheetValues(spreadsheetId: string, title: string): FakeCell[][] {
    const sheet = this.#mustGet(spreadsheetId).sheets.find((s) => s.title === title);
    if (!sheet) throw new Error(`no tab «${title}» in ${spreadsheetId}`);
    return sheet.values;
  }

  sheet(spreadsheetId: string, title: string): FakeSheet | undefined {
    return this.#mustGet(spreadsheetId).sheets.find((s) => s.title === title);
  }

  /** What a person editing the spreadsheet does: new values, a new Drive version and modifiedTime. */
  edit(spreadsheetId: string, title: string, values: readonly (readonly FakeCell[])[]): void {
    const ss = this.#mustGet(spreadsheetId);
    const sheet = ss.sheets.find((s) => s.title === title);
    if (!sheet) throw new Error(`no tab «${title}» in ${spreadsheetId}`);
    sheet.values = values.map((r) => [...r]);
    this.#bump(ss);
  }

  // --- faults ----------------------------------------------------------------------------------

  /** The next matching calls get these faults, one each, in order. */
  failNext(match: FaultMatcher, ...faults: FakeFault[]): void {
    this.#faults.push({ match, queue: [...faults] });
  }

  /** Every matching call gets this fault until clearFaults(). */
  failAlways(match: FaultMatcher, fault: FakeFault): void {
    this.#faults.push({ match, queue: [], always: fault });
  }

  clearFaults(): void {
    this.#faults = [];
  }

  // --- observation -----------------------------------------------------------------------------

  count(endpoint?: FakeEndpoint, spreadsheetId?: string): number {
    return this.calls.filter(
      (c) =>
        (endpoint === undefined || c.endpoint === endpoint) &&
        (spreadsheetId === undefined || c.spreadsheetId === spreadsheetId),
    ).length;
  }

  /** Calls per endpoint. */
  counts(): Partial<Record<FakeEndpoint, number>> {
    const out: Partial<Record<FakeEndpoint, number>> = {};
    for (const c of this.calls) out[c.endpoint] = (out[c.endpoint] ?? 0) + 1;
    return out;
  }

  writeCalls(spreadsheetId?: string): FakeCall[] {
    return this.calls.filter(
      (c) =>
        WRITE_ENDPOINTS.includes(c.endpoint) &&
        (spreadsheetId === undefined || c.spreadsheetId === spreadsheetId),
    );
  }

  resetStats(): void {
    this.calls.length = 0;
    this.maxInFlight = this.inFlight;
  }

  async close(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  // --- HTTP ------------------------------------------------------------------------------------

  /** @internal */
  handle(req: IncomingMessage, res: ServerResponse): void {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let settled = false;
    const done = () => {
      if (!settled) {
        settled = true;
        this.inFlight--;
      }
    };
    res.on('close', done);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', done);
    req.on('end', () => {
      this.#respond(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => res.destroy());
    });
  }

  #wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        resolve();
      }, ms);
      this.#timers.add(t);
    });
  }

  #send(
    res: ServerResponse,
    call: FakeCall,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    call.status = status;
    if (res.destroyed || res.writableEnded) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    res.end(text);
  }

  async #respond(req: IncomingMessage, res: ServerResponse, rawBody: string): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const route = this.#route(req.method ?? 'GET', url.pathname);
    let body: unknown = rawBody;
    const contentType = req.headers['content-type'] ?? '';
    if (rawBody && contentType.includes('json')) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
    } else if (contentType.includes('x-www-form-urlencoded'))
      body = Object.fromEntries(new URLSearchParams(rawBody));
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const tokenInfo = token ? this.#tokens.get(token) : undefined;
    const call: FakeCall = {
      endpoint: route.endpoint,
      method: req.method ?? 'GET',
      path: url.pathname,
      spreadsheetId: route.id,
      query: url.searchParams,
      body,
      email: tokenInfo?.email ?? null,
      status: 0,
    };
    this.calls.push(call);
    await this.#wait(this.latencyMs);

    const fault = this.#takeFault(call);
    if (fault) {
      call.fault = fault;
      await this.#wait(fault.delayMs ?? 0);
      if (fault.malformed) {
        this.#send(
          res,
          call,
          fault.status ?? 200,
          '{"spreadsheetId": "' +
            (route.id ?? '') +
            '", "valueRanges": [{"range": "Лист1!A1:B2", "values": [["ok",',
        );
        return;
      }
      if (fault.status !== undefined || (fault.delayMs === undefined && fault.answerDelayMs === undefined)) {
        const status = fault.status ?? 500;
        const [rpc, msg] = STATUS_TEXT[status] ?? ['UNKNOWN', `Injected status ${status}`];
        const reason = status === 429 ? 'rateLimitExceeded' : undefined;
        this.#send(
          res,
          call,
          status,
          googleError(status, msg, rpc, reason),
          fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
        );
        return;
      }
      // A delay alone: a slow but correct answer follows.
    }

    try {
      if (route.endpoint === 'token') {
        try {
          this.#send(res, call, 200, this.#token(body));
        } catch (e) {
          // OAuth errors have their own shape, not google.rpc.Status.
          this.#send(res, call, 400, { error: 'invalid_grant', error_description: (e as Error).message });
        }
        return;
      }
      if (route.endpoint === 'unknown' || route.id === null)
        throw new HttpError(404, `Not found: ${req.method} ${url.pathname}`, 'NOT_FOUND');
      if (!tokenInfo || tokenInfo.expiresAt < Date.now()) {
        throw new HttpError(
          401,
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
          'UNAUTHENTICATED',
        );
      }
      const answer = this.#api(route.endpoint, route.id, url.searchParams, body, tokenInfo);
      await this.#wait(fault?.answerDelayMs ?? 0);
      this.#send(res, call, 200, answer);
    } catch (e) {
      if (e instanceof HttpError) {
        const payload = googleError(e.status, e.message, e.rpcStatus, e.reason);
        if (e.reason === 'ACCESS_TOKEN_SCOPE_INSUFFICIENT') {
          (payload as { error: Record<string, unknown> }).error.details = [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
              domain: 'googleapis.com',
            },
          ];
        }
        this.#send(res, call, e.status, payload);
      } else if (e instanceof FieldMaskError) {
        this.#send(res, call, 400, googleError(400, e.message, 'INVALID_ARGUMENT'));
      } else {
        this.#send(res, call, 500, googleError(500, `Fake failure: ${(e as Error).message}`, 'INTERNAL'));
      }
    }
  }

  #route(method: string, path: string): { endpoint: FakeEndpoint; id: string | null } {
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/token') return { endpoint: 'token', id: null };
    if (method === 'GET' && (m = /^\/drive\/v3\/files\/([^/]+)$/.exec(path)))
      return { endpoint: 'drive.files.get', id: decodeURIComponent(m[1]) };
    if (
      (m =
        /^\/v4\/spreadsheets\/([^/:]+)(\/values:batchGet|\/values:batchUpdate|\/values:batchClear|:batchUpdate)?$/.exec(
          path,
        ))
    ) {
      const id = decodeURIComponent(m[1]);
      const suffix = m[2];
      if (method === 'GET' && suffix === undefined) return { endpoint: 'sheets.get', id };
      if (method === 'GET' && suffix === '/values:batchGet') return { endpoint: 'values.batchGet', id };
      if (method === 'POST' && suffix === ':batchUpdate') return { endpoint: 'sheets.batchUpdate', id };
      if (method === 'POST' && suffix === '/values:batchUpdate')
        return { endpoint: 'values.batchUpdate', id };
      if (method === 'POST' && suffix === '/values:batchClear') return { endpoint: 'values.batchClear', id };
    }
    return { endpoint: 'unknown', id: null };
  }

  #takeFault(call: FakeCall): FakeFault | undefined {
    for (const rule of this.#faults) {
      if (rule.match.endpoint !== undefined && rule.match.endpoint !== call.endpoint) continue;
      if (rule.match.spreadsheetId !== undefined && rule.match.spreadsheetId !== call.spreadsheetId) continue;
      if (rule.queue.length > 0) return rule.queue.shift();
      if (rule.always) return rule.always;
    }
    return undefined;
  }

  #tick(): string {
    this.#clock = Math.max(this.#clock + 1000, Date.now());
    return new Date(this.#clock).toISOString();
  }

  #bump(ss: FakeSpreadsheet): void {
    ss.version += 1;
    ss.modifiedTime = this.#tick();
  }

  #mustGet(id: string): FakeSpreadsheet {
    const ss = this.spreadsheets.get(id);
    if (!ss) throw new Error(`no spreadsheet ${id} in the fake`);
    return ss;
  }

  #newSheet(s: FakeSheetInit, sheetId: number): FakeSheet {
    const values = (s.values ?? []).map((r) => [...r]);
    const width = Math.max(0, ...values.map((r) => r.length));
    return {
      sheetId,
      title: s.title,
      values,
      merges: [...(s.merges ?? [])],
      rowCount: s.rowCount ?? Math.max(1000, values.length),
      columnCount: s.columnCount ?? Math.max(26, width),
      frozenRowCount: 0,
      hidden: s.hidden ?? false,
      columnWidths: {},
      bold: new Set(),
    };
  }

  // --- OAuth -----------------------------------------------------------------------------------

  #token(body: unknown): object {
    const form = (body ?? {}) as Record<string, string>;
    const invalid = (description: string): never => {
      throw new Error(description);
    };
    if (form.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || !form.assertion)
      invalid('Invalid grant_type or missing assertion.');
    const [h, p, s] = form.assertion.split('.');
    let claims: { iss?: string; scope?: string; exp?: number };
    try {
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      return invalid('Invalid JWT.');
    }
    const key = claims.iss ? this.#publicKeys.get(claims.iss) : undefined;
    if (
      !key ||
      !s ||
      !verifySignature('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))
    ) {
      return invalid('Invalid JWT Signature.');
    }
    if (!claims.exp || claims.exp * 1000 < Date.now())
      invalid('Invalid JWT: Token must be a short-lived token.');
    const accessToken = `ya29.fake-${randomBytes(16).toString('hex')}`;
    const scopes = (claims.scope ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((sc) => sc.replace('https://www.googleapis.com/auth/', ''));
    this.#tokens.set(accessToken, { email: claims.iss!, scopes, expiresAt: Date.now() + 3600_000 });
    this.tokensIssued.push({ email: claims.iss!, scopes });
    return { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' };
  }

  // --- APIs ------------------------------------------------------------------------------------

  #api(endpoint: FakeEndpoint, id: string, query: URLSearchParams, body: unknown, who: TokenInfo): unknown {
    const needScope = (allowed: string[]) => {
      if (!who.scopes.some((s) => allowed.includes(s))) {
        throw new HttpError(
          403,
          'Request had insufficient authentication scopes.',
          'PERMISSION_DENIED',
          'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
        );
      }
    };
    const ss = this.spreadsheets.get(id);
    if (endpoint === 'drive.files.get') {
      needScope(DRIVE_METADATA_SCOPES);
      if (!ss || !ss.sharedWith.has(who.email)) {
        throw new HttpError(404, `File not found: ${id}.`, 'NOT_FOUND', 'notFound');
      }
      const file = {
        kind: 'drive#file',
        id: ss.id,
        name: ss.title,
        mimeType: ss.mimeType,
        modifiedTime: ss.modifiedTime,
        version: String(ss.version),
      };
      const fields = query.get('fields');
      return fields
        ? applyFieldMask(file, parseFieldMask(fields))
        : { kind: file.kind, id: file.id, name: file.name, mimeType: file.mimeType };
    }
    const writing = WRITE_ENDPOINTS.includes(endpoint);
    needScope(writing ? WRITE_SHEETS_SCOPES : READ_SHEETS_SCOPES);
    if (!ss) throw new HttpError(404, 'Requested entity was not found.', 'NOT_FOUND');
    if (!ss.sharedWith.has(who.email))
      throw new HttpError(403, 'The caller does not have permission', 'PERMISSION_DENIED');
    if (ss.mimeType !== SHEET_MIME)
      throw new HttpError(400, 'This operation is not supported for this document', 'FAILED_PRECONDITION');
    switch (endpoint) {
      case 'sheets.get':
        return this.#get(ss, query);
      case 'values.batchGet':
        return this.#batchGet(ss, query);
      case 'sheets.batchUpdate':
        return this.#batchUpdate(ss, body);
      case 'values.batchUpdate':
        return this.#valuesBatchUpdate(ss, body);
      case 'values.batchClear':
        return this.#valuesBatchClear(ss, body);
      default:
        throw new HttpError(404, 'Not found', 'NOT_FOUND');
    }
  }

  #get(ss: FakeSpreadsheet, query: URLSearchParams): unknown {
    if (query.get('includeGridData') === 'true')
      throw new HttpError(
        400,
        'The fake does not serve grid data: read values with values:batchGet',
        'INVALID_ARGUMENT',
      );
    const full = {
      spreadsheetId: ss.id,
      properties: { title: ss.title, locale: 'ru_RU', timeZone: 'Europe/Moscow' },
      sheets: ss.sheets.map((s, index) => ({
        properties: {
          sheetId: s.sheetId,
          title: s.title,
          index,
          sheetType: 'GRID',
          gridProperties: {
            rowCount: s.rowCount,
            columnCount: s.columnCount,
            ...(s.frozenRowCount ? { frozenRowCount: s.frozenRowCount } : {}),
          },
          ...(s.hidden ? { hidden: true } : {}),
        },
        // proto3 JSON leaves zeros out: a merge at A1 has no startRowIndex, sheet 0 has no sheetId.
        ...(s.merges.length
          ? {
              merges: s.merges.map((m) => {
                const r: Record<string, number> = {};
                if (s.sheetId) r.sheetId = s.sheetId;
                if (m.startRowIndex) r.startRowIndex = m.startRowIndex;
                r.endRowIndex = m.endRowIndex;
                if (m.startColumnIndex) r.startColumnIndex = m.startColumnIndex;
                r.endColumnIndex = m.endColumnIndex;
                return r;
              }),
            }
          : {}),
      })),
      spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${ss.id}/edit`,
    };
    const fields = query.get('fields');
    return fields ? applyFieldMask(full, parseFieldMask(fields)) : full;
  }

  #sheetByTitle(ss: FakeSpreadsheet, title: string, range: string): FakeSheet {
    const sheet = ss.sheets.find((s) => s.title === title);
    if (!sheet) throw new HttpError(400, `Unable to parse range: ${range}`, 'INVALID_ARGUMENT');
    return sheet;
  }

  #batchGet(ss: FakeSpreadsheet, query: URLSearchParams): unknown {
    const ranges = query.getAll('ranges');
    const valueRender = query.get('valueRenderOption') ?? 'FORMATTED_VALUE';
    const dateRender = query.get('dateTimeRenderOption') ?? 'SERIAL_NUMBER';
    const major = query.get('majorDimension') ?? 'ROWS';
    if (major !== 'ROWS')
      throw new HttpError(400, 'The fake serves majorDimension=ROWS only', 'INVALID_ARGUMENT');
    const valueRanges = ranges.map((range) => {
      const a1 = parseA1(range);
      const sheet = this.#sheetByTitle(ss, a1.title, range);
      const endRow = Math.min(a1.endRow ?? sheet.rowCount, sheet.rowCount);
      const endCol = Math.min(a1.endCol ?? sheet.columnCount, sheet.columnCount);
      const rows: (string | number | boolean)[][] = [];
      for (let r = a1.startRow; r < endRow && r < sheet.values.length; r++) {
        const src = sheet.values[r] ?? [];
        const row: (string | number | boolean)[] = [];
        for (let c = a1.startCol; c < endCol && c < src.length; c++)
          row.push(renderCell(src[c], valueRender, dateRender));
        while (row.length > 0 && row[row.length - 1] === '') row.pop();
        rows.push(row);
      }
      while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
      const a1Text = `${quoteTitle(sheet.title)}!${columnLetters(a1.startCol)}${a1.startRow + 1}:${columnLetters(endCol - 1)}${endRow}`;
      return { range: a1Text, majorDimension: 'ROWS', ...(rows.length ? { values: rows } : {}) };
    });
    return { spreadsheetId: ss.id, valueRanges };
  }

  #batchUpdate(ss: FakeSpreadsheet, body: unknown): unknown {
    const requests = (body as { requests?: unknown[] } | undefined)?.requests;
    if (!Array.isArray(requests) || requests.length === 0)
      throw new HttpError(400, 'Must specify at least one request.', 'INVALID_ARGUMENT');
    // Atomic, as Google: work on a copy and keep it only if every request applies.
    const sheets: FakeSheet[] = ss.sheets.map((s) => structuredClone(s));
    const replies: unknown[] = [];
    requests.forEach((req, i) => {
      const [kind, args] = Object.entries(req as Record<string, unknown>)[0] ?? [];
      const at = `Invalid requests[${i}].${kind}`;
      const a = (args ?? {}) as Record<string, unknown>;
      const bySheetId = (sheetId: unknown): FakeSheet => {
        const s = sheets.find((x) => x.sheetId === (sheetId ?? 0));
        if (!s)
          throw new HttpError(400, `${at}: No grid with id: ${String(sheetId ?? 0)}`, 'INVALID_ARGUMENT');
        return s;
      };
      switch (kind) {
        case 'addSheet': {
          const p = (a.properties ?? {}) as {
            sheetId?: number;
            title?: string;
            hidden?: boolean;
            gridProperties?: { rowCount?: number; columnCount?: number; frozenRowCount?: number };
          };
          const title = p.title ?? `Лист${sheets.length + 1}`;
          if (sheets.some((s) => s.title.toLowerCase() === title.toLowerCase())) {
            throw new HttpError(
              400,
              `${at}: A sheet with the name "${title}" already exists. Please enter another name.`,
              'INVALID_ARGUMENT',
            );
          }
          const sheetId = p.sheetId ?? Math.max(0, ...sheets.map((s) => s.sheetId)) + 1;
          if (sheets.some((s) => s.sheetId === sheetId))
            throw new HttpError(400, `${at}: Sheet with id ${sheetId} already exists.`, 'INVALID_ARGUMENT');
          const sheet = this.#newSheet(
            {
              title,
              rowCount: p.gridProperties?.rowCount,
              columnCount: p.gridProperties?.columnCount,
              hidden: p.hidden,
            },
            sheetId,
          );
          sheet.rowCount = p.gridProperties?.rowCount ?? 1000;
          sheet.columnCount = p.gridProperties?.columnCount ?? 26;
          sheet.frozenRowCount = p.gridProperties?.frozenRowCount ?? 0;
          sheets.push(sheet);
          replies.push({
            addSheet: {
              properties: {
                sheetId,
                title,
                index: sheets.length - 1,
                sheetType: 'GRID',
                gridProperties: { rowCount: sheet.rowCount, columnCount: sheet.columnCount },
              },
            },
          });
          return;
        }
        case 'deleteSheet': {
          const s = bySheetId(a.sheetId);
          if (sheets.length === 1)
            throw new HttpError(
              400,
              `${at}: You can't remove all the sheets in a document.`,
              'INVALID_ARGUMENT',
            );
          sheets.splice(sheets.indexOf(s), 1);
          break;
        }
        case 'updateSheetProperties': {
          const p = (a.properties ?? {}) as {
            sheetId?: number;
            title?: string;
            hidden?: boolean;
            gridProperties?: { rowCount?: number; columnCount?: number; frozenRowCount?: number };
          };
          const fields = typeof a.fields === 'string' ? a.fields.split(',').map((f) => f.trim()) : [];
          if (fields.length === 0)
            throw new HttpError(
              400,
              `${at}: At least one field must be specified in 'fields'.`,
              'INVALID_ARGUMENT',
            );
          const s = bySheetId(p.sheetId);
          const has = (f: string) =>
            fields.includes('*') ||
            fields.includes(f) ||
            (f.startsWith('gridProperties.') && fields.includes('gridProperties'));
          if (has('title') && p.title !== undefined) s.title = p.title;
          if (has('hidden')) s.hidden = p.hidden ?? false;
          if (has('gridProperties.rowCount')) {
            s.rowCount = p.gridProperties?.rowCount ?? s.rowCount;
            s.values.length = Math.min(s.values.length, s.rowCount);
          }
          if (has('gridProperties.columnCount')) {
            s.columnCount = p.gridProperties?.columnCount ?? s.columnCount;
            for (const row of s.values) row.length = Math.min(row.length, s.columnCount);
          }
          if (has('gridProperties.frozenRowCount')) s.frozenRowCount = p.gridProperties?.frozenRowCount ?? 0;
          break;
        }
        case 'updateDimensionProperties': {
          const r = (a.range ?? {}) as {
            sheetId?: number;
            dimension?: string;
            startIndex?: number;
            endIndex?: number;
          };
          const s = bySheetId(r.sheetId);
          const px = (a.properties as { pixelSize?: number } | undefined)?.pixelSize;
          if (r.dimension === 'COLUMNS' && px !== undefined) {
            for (let c = r.startIndex ?? 0; c < (r.endIndex ?? s.columnCount); c++) s.columnWidths[c] = px;
          }
          break;
        }
        case 'updateCells': {
          const fields = typeof a.fields === 'string' ? a.fields.split(',').map((f) => f.trim()) : [];
          if (fields.length === 0)
            throw new HttpError(
              400,
              `${at}: At least one field must be specified in 'fields'.`,
              'INVALID_ARGUMENT',
            );
          const rows = (Array.isArray(a.rows) ? a.rows : []) as {
            values?: {
              userEnteredValue?: unknown;
              userEnteredFormat?: { textFormat?: { bold?: boolean } };
            }[];
          }[];
          const range = a.range as
            | {
                sheetId?: number;
                startRowIndex?: number;
                endRowIndex?: number;
                startColumnIndex?: number;
                endColumnIndex?: number;
              }
            | undefined;
          const start = a.start as { sheetId?: number; rowIndex?: number; columnIndex?: number } | undefined;
          if (!range === !start)
            throw new HttpError(
              400,
              `${at}: Exactly one of 'start' or 'range' must be set.`,
              'INVALID_ARGUMENT',
            );
          const s = bySheetId(range ? range.sheetId : start!.sheetId);
          const r0 = range ? (range.startRowIndex ?? 0) : (start!.rowIndex ?? 0);
          const c0 = range ? (range.startColumnIndex ?? 0) : (start!.columnIndex ?? 0);
          const writesValue = fields.includes('*') || fields.includes('userEnteredValue');
          const writesBold =
            fields.includes('*') ||
            fields.some((f) => f === 'userEnteredFormat' || f.startsWith('userEnteredFormat.textFormat'));
          const dataRows = rows.length;
          const dataCols = Math.max(0, ...rows.map((r) => r.values?.length ?? 0));
          const rEnd = range ? Math.min(range.endRowIndex ?? s.rowCount, s.rowCount) : r0 + dataRows;
          const cEnd = range ? Math.min(range.endColumnIndex ?? s.columnCount, s.columnCount) : c0 + dataCols;
          if (r0 + dataRows > s.rowCount || c0 + dataCols > s.columnCount)
            throw exceedsGrid(s, r0 + dataRows, c0 + dataCols);
          if (range && (r0 + dataRows > rEnd || c0 + dataCols > cEnd)) {
            throw new HttpError(
              400,
              `${at}: Attempting to write row: ${r0 + dataRows}, beyond the last requested row of: ${rEnd}`,
              'INVALID_ARGUMENT',
            );
          }
          for (let r = r0; r < Math.max(rEnd, r0 + dataRows); r++) {
            for (let c = c0; c < Math.max(cEnd, c0 + dataCols); c++) {
              const cell = rows[r - r0]?.values?.[c - c0];
              // Inside `range` but not covered by `rows`: cleared for the fields named.
              if (writesValue) setCell(s, r, c, extendedValue(cell?.userEnteredValue));
              if (writesBold) {
                if (cell?.userEnteredFormat?.textFormat?.bold) s.bold.add(`${r}:${c}`);
                else s.bold.delete(`${r}:${c}`);
              }
            }
          }
          trimSheet(s);
          break;
        }
        case 'repeatCell': {
          const range = (a.range ?? {}) as {
            sheetId?: number;
            startRowIndex?: number;
            endRowIndex?: number;
            startColumnIndex?: number;
            endColumnIndex?: number;
          };
          const fields = typeof a.fields === 'string' ? a.fields.split(',').map((f) => f.trim()) : [];
          const s = bySheetId(range.sheetId);
          const cell = a.cell as
            | { userEnteredValue?: unknown; userEnteredFormat?: { textFormat?: { bold?: boolean } } }
            | undefined;
          const writesValue = fields.includes('*') || fields.includes('userEnteredValue');
          const writesBold =
            fields.includes('*') ||
            fields.some((f) => f === 'userEnteredFormat' || f.startsWith('userEnteredFormat.textFormat'));
          const value = extendedValue(cell?.userEnteredValue);
          for (
            let r = range.startRowIndex ?? 0;
            r < Math.min(range.endRowIndex ?? s.rowCount, s.rowCount);
            r++
          ) {
            for (
              let c = range.startColumnIndex ?? 0;
              c < Math.min(range.endColumnIndex ?? s.columnCount, s.columnCount);
              c++
            ) {
              if (writesValue) setCell(s, r, c, value);
              if (writesBold) {
                if (cell?.userEnteredFormat?.textFormat?.bold) s.bold.add(`${r}:${c}`);
                else s.bold.delete(`${r}:${c}`);
              }
            }
          }
          trimSheet(s);
          break;
        }
        default:
          throw new HttpError(400, `${at}: the fake does not implement this request`, 'INVALID_ARGUMENT');
      }
      replies.push({});
    });
    ss.sheets = sheets;
    this.#bump(ss);
    return { spreadsheetId: ss.id, replies };
  }

  #valuesBatchUpdate(ss: FakeSpreadsheet, body: unknown): unknown {
    const b = (body ?? {}) as {
      valueInputOption?: string;
      data?: { range?: string; values?: unknown[][]; majorDimension?: string }[];
    };
    if (b.valueInputOption !== 'RAW' && b.valueInputOption !== 'USER_ENTERED') {
      throw new HttpError(400, "'valueInputOption' is required but not specified", 'INVALID_ARGUMENT');
    }
    const convert = b.valueInputOption === 'RAW' ? rawValue : userEntered;
    let cells = 0;
    const sheets = ss.sheets.map((s) => structuredClone(s));
    const responses = (b.data ?? []).map((d) => {
      const range = d.range ?? '';
      const a1 = parseA1(range);
      const sheet = sheets.find((s) => s.title === a1.title);
      if (!sheet) throw new HttpError(400, `Unable to parse range: ${range}`, 'INVALID_ARGUMENT');
      const values = d.values ?? [];
      const width = Math.max(0, ...values.map((r) => r.length));
      if (a1.startRow + values.length > sheet.rowCount || a1.startCol + width > sheet.columnCount)
        throw exceedsGrid(sheet, a1.startRow + values.length, a1.startCol + width);
      values.forEach((row, r) =>
        row.forEach((v, c) => {
          // An empty string writes an empty cell; null leaves the cell as it is, as Google does.
          if (v === null) return;
          setCell(sheet, a1.startRow + r, a1.startCol + c, convert(v));
          cells++;
        }),
      );
      trimSheet(sheet);
      return { spreadsheetId: ss.id, updatedRange: range, updatedRows: values.length, updatedColumns: width };
    });
    ss.sheets = sheets;
    this.#bump(ss);
    return {
      spreadsheetId: ss.id,
      totalUpdatedCells: cells,
      totalUpdatedSheets: new Set(responses.map((r) => r.updatedRange)).size,
      responses,
    };
  }

  #valuesBatchClear(ss: FakeSpreadsheet, body: unknown): unknown {
    const ranges = ((body ?? {}) as { ranges?: string[] }).ranges ?? [];
    const cleared: string[] = [];
    for (const range of ranges) {
      const a1 = parseA1(range);
      const sheet = this.#sheetByTitle(ss, a1.title, range);
      for (let r = a1.startRow; r < Math.min(a1.endRow ?? sheet.rowCount, sheet.values.length); r++) {
        const row = sheet.values[r];
        for (let c = a1.startCol; c < Math.min(a1.endCol ?? sheet.columnCount, row.length); c++)
          row[c] = null;
      }
      trimSheet(sheet);
      cleared.push(range);
    }
    this.#bump(ss);
    return { spreadsheetId: ss.id, clearedRanges: cleared };
  }
}

export interface FakeGoogleOptions {
  /** Added to every call (the bench uses 100 ms). */
  readonly latencyMs?: number;
}

/** Starts the fake on 127.0.0.1 at a free port. */
export async function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  // Assigned once the server listens (the fake needs its port), read only by requests after that.
  // eslint-disable-next-line prefer-const
  let fake: FakeGoogle | undefined;
  const server = createServer((req, res) => fake!.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  fake = new FakeGoogle(server, options.latencyMs ?? 0);
  return fake;
}
