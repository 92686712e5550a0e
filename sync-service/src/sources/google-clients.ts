/**
 * The service account and the googleapis clients built on it, plus how Google's errors are read:
 * shared by the source adapter (reads ММО spreadsheets) and the writer (the regional spreadsheet).
 */
import { readFile } from 'node:fs/promises';
import { JWT } from 'google-auth-library';
import { sheets_v4 } from '@googleapis/sheets';
import { drive_v3 } from '@googleapis/drive';
import { parseRetryAfter, type RetryDecision } from './backoff.js';

/**
 * Scopes by what a client does. Sources are read with read-only Sheets access, so a bug in the
 * service can never modify an ММО spreadsheet; Drive metadata (modifiedTime, version) is all that
 * is needed to skip unchanged sources. Only the writer holds the read-write Sheets scope.
 */
export const READ_SCOPES = [
  'https://www.googleapis.com/auth/spreadsheets.readonly',
  'https://www.googleapis.com/auth/drive.metadata.readonly',
] as const;
export const WRITE_SCOPES = ['https://www.googleapis.com/auth/spreadsheets'] as const;

/** Where google-auth-library always sends the JWT grant, whatever the key file says. */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export const DEFAULT_TIMEOUT_MS = 20_000;

export interface ServiceAccountKey {
  readonly client_email: string;
  readonly private_key: string;
  readonly private_key_id?: string;
  readonly token_uri?: string;
}

export interface GoogleClientOptions {
  readonly keyFile: string;
  readonly scopes: readonly string[];
  /** Root of both the Sheets and the Drive API (a local fake in tests); Google's own when absent. */
  readonly rootUrl?: string;
  /** Per HTTP request, token requests included. */
  readonly timeoutMs?: number;
}

export interface GoogleClients {
  readonly sheets: sheets_v4.Sheets;
  readonly drive: drive_v3.Drive;
  /** Whom ММО must share their spreadsheets with: named in every access error. */
  readonly serviceAccountEmail: string;
}

/** A bad key file: the message is for the user, in Russian. */
export class ServiceAccountKeyError extends Error {
  override name = 'ServiceAccountKeyError';
}

export async function readServiceAccountKey(keyFile: string): Promise<ServiceAccountKey> {
  let text: string;
  try {
    text = await readFile(keyFile, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ServiceAccountKeyError(
      code === 'ENOENT'
        ? `Файл ключа сервисного аккаунта не найден: ${keyFile}`
        : `Не удалось прочитать файл ключа сервисного аккаунта ${keyFile}: ${(e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ServiceAccountKeyError(
      `Файл ключа сервисного аккаунта ${keyFile} — не JSON: скачайте ключ заново (Google Cloud → IAM → Сервисные аккаунты → Ключи → JSON)`,
    );
  }
  const key = json as Partial<ServiceAccountKey> | null;
  if (
    !key ||
    typeof key !== 'object' ||
    typeof key.client_email !== 'string' ||
    typeof key.private_key !== 'string'
  ) {
    throw new ServiceAccountKeyError(
      `Файл ${keyFile} не похож на ключ сервисного аккаунта: в нём нет полей client_email и private_key. Нужен JSON-ключ сервисного аккаунта, а не ключ OAuth-клиента`,
    );
  }
  return key as ServiceAccountKey;
}

/**
 * Builds the clients. google-auth-library ignores the key's `token_uri` and always posts to
 * Google's token endpoint, so a request interceptor sends the grant where the key says; with a real
 * key the two are the same URL and nothing changes.
 */
export async function createGoogleClients(options: GoogleClientOptions): Promise<GoogleClients> {
  const key = await readServiceAccountKey(options.keyFile);
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const auth = new JWT({
    email: key.client_email,
    key: key.private_key,
    keyId: key.private_key_id,
    scopes: [...options.scopes],
    transporterOptions: { timeout },
  });
  const tokenUri = key.token_uri;
  auth.transporter.interceptors.request.add({
    resolved: async (config) => {
      if (config.url.toString() !== GOOGLE_TOKEN_URL) return config;
      if (tokenUri && tokenUri !== GOOGLE_TOKEN_URL) config.url = new URL(tokenUri);
      // One retry policy for everything (ours, with injectable sleep and a wait budget): the token
      // request happens inside an API call that withBackoff already retries.
      config.retry = false;
      config.retryConfig = undefined;
      return config;
    },
  });
  // gaxios's own retry (on by default in googleapis) would multiply our attempts and sleep for real.
  const common = { auth, timeout, retry: false, ...(options.rootUrl ? { rootUrl: options.rootUrl } : {}) };
  return {
    sheets: new sheets_v4.Sheets(common),
    drive: new drive_v3.Drive(common),
    serviceAccountEmail: key.client_email,
  };
}

/** A 2xx whose body is not the JSON we asked for (a proxy's HTML page, a cut-off body). */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
}

/** Throws MalformedResponseError unless `data` is a JSON object (gaxios hands over unparsable bodies as text). */
export function expectObject(data: unknown, what: string): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new MalformedResponseError(`${what}: ответ не JSON-объект`);
  }
  return data as Record<string, unknown>;
}

/** What matters about a failed Google call, read off a GaxiosError (or anything else thrown). */
export interface GoogleFailure {
  /** HTTP status, or null when no response came (timeout, connection refused). */
  readonly status: number | null;
  /** google.rpc status («PERMISSION_DENIED») or the legacy errors[0].reason («rateLimitExceeded»). */
  readonly reasons: readonly string[];
  readonly message: string;
  readonly retryAfterMs?: number;
  /** Node/undici error code when no response came: 'TimeoutError', 'ECONNREFUSED'… */
  readonly code?: string;
  /** The request went to the OAuth token endpoint, not to an API. */
  readonly tokenRequest: boolean;
  readonly malformed: boolean;
}

function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export function describeFailure(e: unknown, now: number = Date.now()): GoogleFailure {
  if (e instanceof MalformedResponseError) {
    return { status: null, reasons: [], message: e.message, tokenRequest: false, malformed: true };
  }
  const err = e as {
    message?: string;
    status?: number;
    config?: { url?: unknown };
    response?: { status?: number; headers?: { get?: (name: string) => string | null }; data?: unknown };
  };
  const status = err.response?.status ?? (typeof err.status === 'number' ? err.status : null);
  const reasons: string[] = [];
  const data = err.response?.data;
  let message = typeof err.message === 'string' ? err.message : String(e);
  if (data && typeof data === 'object') {
    const body = (data as { error?: unknown; error_description?: unknown }).error;
    if (body && typeof body === 'object') {
      const b = body as { status?: unknown; message?: unknown; errors?: unknown; details?: unknown };
      if (typeof b.status === 'string') reasons.push(b.status);
      if (typeof b.message === 'string') message = b.message;
      for (const list of [b.errors, b.details]) {
        if (Array.isArray(list))
          for (const x of list) if (x && typeof x.reason === 'string') reasons.push(x.reason);
      }
    } else if (typeof body === 'string') {
      // OAuth token endpoint errors: { error: 'invalid_grant', error_description: '…' }.
      reasons.push(body);
      const d = (data as { error_description?: unknown }).error_description;
      if (typeof d === 'string') message = d;
    }
  }
  const retryAfterMs = parseRetryAfter(err.response?.headers?.get?.('retry-after') ?? null, now);
  const url = err.config?.url ? String(err.config.url) : '';
  const code = status === null ? errorCode(e) : undefined;
  return {
    status,
    reasons,
    message,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(code ? { code } : {}),
    tokenRequest: /\/token(\?|$)/.test(url) || reasons.includes('invalid_grant'),
    malformed: false,
  };
}

/** Rate-limit answers Drive still gives as 403 instead of 429. */
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RESOURCE_EXHAUSTED']);

/** 429, 5xx, a 403 that is really a rate limit, a timeout or a dropped connection are transient. */
export function classifyForRetry(e: unknown, now: () => number = Date.now): RetryDecision {
  const f = describeFailure(e, now());
  if (f.malformed) return { retry: false };
  if (f.status === null) return { retry: true };
  if (
    f.status === 429 ||
    f.status >= 500 ||
    f.status === 408 ||
    (f.status === 403 && f.reasons.some((r) => RATE_LIMIT_REASONS.has(r)))
  ) {
    return f.retryAfterMs !== undefined ? { retry: true, retryAfterMs: f.retryAfterMs } : { retry: true };
  }
  return { retry: false };
}

/** Who the message is about: a source spreadsheet (read access) or the regional one (edit access). */
export interface FailureSubject {
  readonly kind: 'source' | 'output';
  readonly id: string;
  /** Title from the settings or from Drive, when known. */
  readonly title: string | null;
  readonly serviceAccountEmail: string | null;
  readonly timeoutMs: number;
  /** Set when the Sheets API answered the call that failed (Drive failures are reported as such). */
  readonly api?: 'sheets' | 'drive';
}

function subjectName(s: FailureSubject): { cap: string; low: string } {
  const noun = s.kind === 'output' ? 'итоговая таблица' : 'таблица';
  const tail = s.title && s.title !== s.id ? ` «${s.title}» (ID ${s.id})` : ` с ID ${s.id}`;
  return { cap: noun[0].toUpperCase() + noun.slice(1) + tail, low: noun + tail };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1).replace('.', ',');
}

function afterAttempts(n: number): string {
  const word = n % 10 === 1 && n % 100 !== 11 ? 'попытки' : 'попыток';
  return ` после ${n} ${word}`;
}

/**
 * The Russian sentence a person at РМЦ or in an ММО can act on. `retry` is set when the error
 * ended a series of attempts.
 */
export function failureMessage(
  e: unknown,
  s: FailureSubject,
  retry?: { attempts: number; budgetExceeded: boolean },
): string {
  if (e instanceof ServiceAccountKeyError) return e.message;
  const f = describeFailure(e);
  const name = subjectName(s);
  const account = s.serviceAccountEmail ?? 'сервисного аккаунта';
  const access = s.kind === 'output' ? 'на редактирование' : 'на чтение';
  const toTable = s.kind === 'output' ? 'итоговой таблице' : 'таблице';
  // Transient trouble: say what did not happen and that the next sync tries again.
  const notDone = () => {
    const budget = retry?.budgetExceeded
      ? ' (Google просит подождать дольше, чем допускает синхронизация)'
      : '';
    const verb = s.kind === 'output' ? 'записана' : 'прочитана';
    return `${name.low} не ${verb}${retry ? afterAttempts(retry.attempts) : ''}${budget}; ${s.kind === 'output' ? 'сводка будет записана' : 'она будет прочитана'} при следующей синхронизации`;
  };
  if (f.malformed) return `Google прислал повреждённый ответ (не JSON): ${notDone()}`;
  if ((f.tokenRequest && (f.status === 400 || f.status === 401)) || f.status === 401) {
    return `Google не принял ключ сервисного аккаунта ${account}: ключ удалён или отозван, либо на сервере неверно установлены часы. Создайте новый JSON-ключ и укажите его в настройках`;
  }
  if (f.status === null) {
    if (f.code === 'TimeoutError' || f.code === 'AbortError')
      return `Google не ответил за ${seconds(s.timeoutMs)} с: ${notDone()}`;
    return `Нет связи с серверами Google (${f.code ?? f.message}): ${notDone()}`;
  }
  if (f.status === 403 && f.reasons.some((r) => r === 'SERVICE_DISABLED' || r === 'accessNotConfigured')) {
    const api = s.api === 'drive' ? 'Google Drive API' : 'Google Sheets API';
    return `В проекте Google Cloud сервисного аккаунта ${account} не включён ${api}: включите его (Google Cloud → APIs & Services → Library)`;
  }
  if (f.status === 403 && f.reasons.includes('ACCESS_TOKEN_SCOPE_INSUFFICIENT')) {
    return `Сервису не хватает разрешений Google (scopes) для запроса к ${toTable} с ID ${s.id}: ${f.message}`;
  }
  if (f.status === 429 || (f.status === 403 && f.reasons.some((r) => RATE_LIMIT_REASONS.has(r)))) {
    return `Google ограничил частоту запросов (429): ${notDone()}`;
  }
  if (f.status === 403)
    return `${name.cap} не открыта для сервисного аккаунта ${account}: откройте к ней доступ ${access}`;
  if (f.status === 404) {
    const named = s.title && s.title !== s.id ? ` (в настройках — «${s.title}»)` : '';
    const noun = s.kind === 'output' ? 'Итоговая таблица' : 'Таблица';
    return `${noun} с ID ${s.id} не найдена${named}: проверьте ID в файле настроек и что таблица открыта для ${account} ${access}`;
  }
  if (f.status === 400 && /not supported for this document/i.test(f.message)) {
    return `${name.cap} — не Google Таблица (загруженный файл Excel?): откройте её и выберите «Файл → Сохранить как Google Таблицу», затем укажите в настройках ID новой таблицы`;
  }
  if (f.status >= 500 || f.status === 408) return `Сервер Google отвечает ошибкой ${f.status}: ${notDone()}`;
  return `Google отклонил запрос к ${toTable} с ID ${s.id} (ошибка ${f.status}): ${f.message}`;
}
