/**
 * Settings of the running service: defaults, then an optional JSON file (edited by hand at РМЦ, so
 * mistakes are reported in Russian with the field), then environment variables (`PORT`,
 * `DATA_DIR`, `SYNC_INTERVAL_MIN`…) which win, as deployments set those.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DISTRICTS, parseAcademicYear } from '@mmo/shared';
import { z } from 'zod';
import './zod-russian.js';
import { DEFAULT_PUBLIC_REQUESTS_PER_MINUTE } from './middleware/rate-limit/index.js';
import {
  submissionSettings,
  submissionSettingsSchema,
  type SubmissionSettings,
} from './submissions/settings.js';
import { DEFAULT_XLSX_LIMITS, type XlsxLimits } from './sources/xlsx-bounds.js';

/** The sync-service folder: the data folder and config.json are found from here, whatever the cwd. */
export const SERVICE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ServiceConfig {
  readonly port: number;
  /** undefined: every interface, so that the ММО add-ons can reach the service. */
  readonly host: string | undefined;
  readonly dataDir: string;
  /** .xlsx files of the ММО (xlsx-folder mode); seeded from the handbook when empty. */
  readonly sourcesDir: string;
  readonly outputPath: string;
  readonly storePath: string;
  /** `postgres://…`: the store is that PostgreSQL database instead of the SQLite file at storePath. */
  readonly databaseUrl?: string;
  readonly tokensPath: string;
  /** 0: no periodic sync, only on start and on demand. */
  readonly syncIntervalMin: number;
  readonly maxBodyBytes: number;
  /** Requests a minute one client (IP) may make without a token; 0: no limit. */
  readonly publicRequestsPerMinute: number;
  /** Largest .xlsx a ММО may upload (POST /api/sources/:mmo, /upload); the only routes with a bigger body. */
  readonly maxUploadBytes: number;
  /** Per ММО where its data comes from; unset ММО: 'google' when the Google settings list it, else 'upload'. */
  readonly mmoSources: Readonly<Record<number, 'google' | 'upload' | 'folder'>>;
  /** Start year; null: from the sheets, else the current academic year. */
  readonly academicYear: number | null;
  /** Times on the dashboard are shown in this zone, whatever the server's clock is set to. */
  readonly timeZone: string;
  /** Google mode settings file (see google-config.ts); undefined: the .xlsx folder. */
  readonly googleConfigPath: string | undefined;
  /** What one .xlsx source may hold (README «Надёжность»); a file over a limit fails alone. */
  readonly xlsxLimits: XlsxLimits;
  /** Heap of each sync worker thread, MB; null: Node's default. */
  readonly workerHeapMb: number | null;
  /** Where the settings came from, for the start banner. */
  readonly configFile: string | null;
  /** Deadlines, review and reminders (submissions/settings.ts). */
  readonly submissions: SubmissionSettings;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const fileSchema = z.strictObject({
  port: z
    .number({ error: 'порт — число, например 8787' })
    .int()
    .min(0)
    .max(65535, { error: 'порт — от 0 до 65535' })
    .optional(),
  host: z.string({ error: 'адрес — строка, например "127.0.0.1"' }).trim().min(1).optional(),
  dataDir: z.string({ error: 'папка данных — строка с путём' }).trim().min(1).optional(),
  syncIntervalMin: z
    .number({ error: 'интервал синхронизации — число минут' })
    .min(0, { error: 'интервал синхронизации не может быть отрицательным (0 — только по запросу)' })
    .max(24 * 60, { error: 'интервал синхронизации — не больше суток (1440 минут)' })
    .optional(),
  maxBodyKb: z
    .number({ error: 'предел размера запроса — число килобайт' })
    .int()
    .min(1)
    .max(100 * 1024)
    .optional(),
  publicRequestsPerMinute: z
    .number({ error: 'предел запросов без токена — число запросов в минуту (0 — без предела)' })
    .int({ error: 'предел запросов без токена — целое число' })
    .min(0, { error: 'предел запросов без токена не может быть отрицательным (0 — без предела)' })
    .max(1_000_000, { error: 'предел запросов без токена — не больше 1 000 000 в минуту' })
    .optional(),
  maxUploadKb: z
    .number({ error: 'предел размера загружаемого файла — число килобайт' })
    .int()
    .min(1)
    .max(100 * 1024)
    .optional(),
  mmoSources: z
    .record(
      z.string().regex(/^[1-9]\d*$/, { error: 'ключ mmoSources — номер ММО в кавычках, например "2"' }),
      z.enum(['google', 'upload', 'folder'], { error: 'источник ММО — "google", "upload" или "folder"' }),
      { error: 'mmoSources — объект вида { "1": "google", "2": "upload" }' },
    )
    .optional(),
  academicYear: z
    .union([z.string(), z.number(), z.null()], { error: 'учебный год — строка вида "2022-2023"' })
    .optional(),
  timeZone: z.string({ error: 'часовой пояс — строка, например "Europe/Moscow"' }).optional(),
  google: z.string({ error: 'google — путь к файлу настроек Google-режима' }).trim().min(1).optional(),
  store: z
    .strictObject({
      url: z
        .string({ error: 'store.url — строка вида "postgres://пользователь:пароль@сервер:5432/база"' })
        .trim()
        .min(1)
        .optional(),
    })
    .optional(),
  submissions: submissionSettingsSchema.optional(),
  xlsxLimits: z
    .strictObject(
      {
        maxPartMb: z.number({ error: 'maxPartMb — число мегабайт' }).positive().max(2000).optional(),
        maxWorkbookMb: z.number({ error: 'maxWorkbookMb — число мегабайт' }).positive().max(4000).optional(),
        maxCellsPerSheet: z.number({ error: 'maxCellsPerSheet — число ячеек' }).int().min(1).optional(),
        maxSheets: z.number({ error: 'maxSheets — число листов' }).int().min(1).optional(),
        maxSharedStrings: z.number({ error: 'maxSharedStrings — число строк' }).int().min(1).optional(),
        maxMergesPerSheet: z
          .number({ error: 'maxMergesPerSheet — число объединений' })
          .int()
          .min(0)
          .optional(),
      },
      { error: 'xlsxLimits — объект с пределами, например {"maxPartMb": 100}' },
    )
    .optional(),
  workerHeapMb: z
    .number({ error: 'workerHeapMb — число мегабайт' })
    .int()
    .min(128, { error: 'workerHeapMb — не меньше 128' })
    .optional(),
});

type FileConfig = z.infer<typeof fileSchema>;

const DEFAULTS = {
  port: 8787,
  syncIntervalMin: 15,
  maxBodyKb: 256,
  maxUploadKb: 10 * 1024,
  timeZone: 'Europe/Moscow',
} as const;

function readConfigFile(path: string): FileConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(
      `Файл настроек ${path} не читается как JSON (${(e as Error).message}): проверьте запятые и кавычки`,
    );
  }
  const result = fileSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((i) =>
      i.code === 'unrecognized_keys'
        ? `— неизвестные поля ${i.keys.map((k) => `«${k}»`).join(', ')} (опечатка в названии?)`
        : `— ${i.path.length ? `поле «${i.path.join('.')}»: ` : ''}${i.message}`,
    );
    throw new ConfigError(`Ошибки в файле настроек ${path}:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** A PostgreSQL URL, or a Russian error naming where the wrong value came from. */
function databaseUrlOf(value: string | undefined, where: string): string | undefined {
  if (!value) return undefined;
  if (!/^postgres(ql)?:\/\/[^/]/i.test(value)) {
    throw new ConfigError(
      `${where}: нужен адрес PostgreSQL вида postgres://пользователь:пароль@сервер:5432/база (без него хранилище — файл SQLite в папке данных)`,
    );
  }
  return value;
}

function envNumber(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new ConfigError(`Переменная ${name}=«${text}»: нужно число от ${min} до ${max}`);
  return n;
}

function academicYearOf(value: string | number | null | undefined, where: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const year = parseAcademicYear(value);
  if (!year)
    throw new ConfigError(`${where}: учебный год «${value}» не распознан — напишите, например, 2022-2023`);
  return year.startYear;
}

function validTimeZone(zone: string, where: string): string {
  try {
    new Intl.DateTimeFormat('ru', { timeZone: zone });
    return zone;
  } catch {
    throw new ConfigError(`${where}: неизвестный часовой пояс «${zone}» (пример: Europe/Moscow)`);
  }
}

/**
 * `CONFIG` names the settings file; without it `sync-service/config.json` is used when present.
 * Relative paths in the file are taken from the file's folder, in variables from the folder the
 * user ran `npm start` in (INIT_CWD: npm itself runs the script inside sync-service/).
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = env.INIT_CWD || process.cwd(),
): ServiceConfig {
  const explicit = env.CONFIG?.trim();
  const configFile = explicit
    ? resolve(cwd, explicit)
    : existsSync(join(SERVICE_DIR, 'config.json'))
      ? join(SERVICE_DIR, 'config.json')
      : null;
  if (explicit && !existsSync(configFile!)) throw new ConfigError(`Файл настроек не найден: ${configFile}`);
  const file = configFile ? readConfigFile(configFile) : {};
  const fileDir = configFile ? dirname(configFile) : SERVICE_DIR;
  const fromFile = (p: string) => (isAbsolute(p) ? p : resolve(fileDir, p));

  const dataDir = env.DATA_DIR?.trim()
    ? resolve(cwd, env.DATA_DIR.trim())
    : file.dataDir
      ? fromFile(file.dataDir)
      : join(SERVICE_DIR, 'data');
  const googleEnv = env.GOOGLE_CONFIG?.trim();
  for (const key of Object.keys(file.mmoSources ?? {})) {
    if (!DISTRICTS.some((d) => d.no === Number(key)))
      throw new ConfigError(
        `Файл настроек ${configFile}: в mmoSources нет ММО №${key} (номера — от 1 до ${DISTRICTS.length})`,
      );
  }
  const maxBodyKb = envNumber(env, 'MAX_BODY_KB', 1, 100 * 1024) ?? file.maxBodyKb ?? DEFAULTS.maxBodyKb;
  return {
    port: envNumber(env, 'PORT', 0, 65535) ?? file.port ?? DEFAULTS.port,
    host: env.HOST?.trim() || file.host || undefined,
    dataDir,
    sourcesDir: join(dataDir, 'sources'),
    outputPath: join(dataDir, 'output', 'regional.xlsx'),
    storePath: join(dataDir, 'store.sqlite'),
    ...(() => {
      const url = env.DATABASE_URL?.trim()
        ? databaseUrlOf(env.DATABASE_URL.trim(), 'Переменная DATABASE_URL')
        : databaseUrlOf(file.store?.url, `Файл настроек ${configFile}, поле «store.url»`);
      return url ? { databaseUrl: url } : {};
    })(),
    tokensPath: join(dataDir, 'tokens.json'),
    syncIntervalMin:
      envNumber(env, 'SYNC_INTERVAL_MIN', 0, 24 * 60) ?? file.syncIntervalMin ?? DEFAULTS.syncIntervalMin,
    maxBodyBytes: maxBodyKb * 1024,
    publicRequestsPerMinute:
      envNumber(env, 'PUBLIC_REQUESTS_PER_MIN', 0, 1_000_000) ??
      file.publicRequestsPerMinute ??
      DEFAULT_PUBLIC_REQUESTS_PER_MINUTE,
    maxUploadBytes:
      (envNumber(env, 'MAX_UPLOAD_KB', 1, 100 * 1024) ?? file.maxUploadKb ?? DEFAULTS.maxUploadKb) * 1024,
    mmoSources: Object.fromEntries(Object.entries(file.mmoSources ?? {}).map(([k, v]) => [Number(k), v])),
    academicYear: env.ACADEMIC_YEAR?.trim()
      ? academicYearOf(env.ACADEMIC_YEAR.trim(), 'Переменная ACADEMIC_YEAR')
      : academicYearOf(file.academicYear, `Файл настроек ${configFile}`),
    timeZone: env.TZ_DISPLAY?.trim()
      ? validTimeZone(env.TZ_DISPLAY.trim(), 'Переменная TZ_DISPLAY')
      : validTimeZone(file.timeZone ?? DEFAULTS.timeZone, `Файл настроек ${configFile}`),
    googleConfigPath: googleEnv ? resolve(cwd, googleEnv) : file.google ? fromFile(file.google) : undefined,
    xlsxLimits: { ...DEFAULT_XLSX_LIMITS, ...file.xlsxLimits },
    workerHeapMb: file.workerHeapMb ?? null,
    configFile,
    submissions: submissionSettings(file.submissions),
  };
}
