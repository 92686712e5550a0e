/**
 * The Google mode settings file: which spreadsheet each ММО fills, the service account that reads
 * them and the spreadsheet the regional consolidation is written to. The file is edited by hand at
 * РМЦ, so every mistake is reported in Russian with where it is, all at once.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import './zod-russian.js';
import { DISTRICTS } from '@mmo/shared';

/** People paste the address bar, not the bare ID: accept both. */
function spreadsheetIdFrom(input: string): string {
  const text = input.trim();
  const m = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(text);
  return m ? m[1] : text;
}

const spreadsheetId = z
  .string({ error: 'укажите ID таблицы (часть адреса между /d/ и /edit) строкой в кавычках' })
  .transform(spreadsheetIdFrom)
  .pipe(
    z.string().superRefine((id, ctx) => {
      if (id === '') ctx.addIssue({ code: 'custom', message: 'ID таблицы пуст' });
      else if (/drive\.google\.com|\/folders\//.test(id)) {
        ctx.addIssue({
          code: 'custom',
          message: 'это ссылка на папку или файл Google Диска, а нужна ссылка на Google Таблицу',
        });
      } else if (!/^[A-Za-z0-9_-]+$/.test(id)) {
        ctx.addIssue({
          code: 'custom',
          message:
            'ID таблицы состоит только из латинских букв, цифр, «-» и «_»: скопируйте адрес таблицы целиком или часть между /d/ и /edit',
        });
      }
    }),
  );

const mmoNumbers = DISTRICTS.map((d) => d.no);

/** Typos in field names would otherwise be dropped silently and surface as «field missing». */
function unknownKeys(iss: { code: string; keys?: string[] }): string | undefined {
  return iss.code === 'unrecognized_keys'
    ? `неизвестные поля ${(iss.keys ?? []).map((k) => `«${k}»`).join(', ')} (опечатка в названии?)`
    : undefined;
}

const sourceSchema = z.strictObject(
  {
    mmo: z
      .number({
        error: `номер ММО — число от ${Math.min(...mmoNumbers)} до ${Math.max(...mmoNumbers)}, без кавычек`,
      })
      .refine((n) => mmoNumbers.includes(n), {
        error: `номер ММО — целое число от ${Math.min(...mmoNumbers)} до ${Math.max(...mmoNumbers)}`,
      }),
    spreadsheetId,
    name: z
      .string({ error: 'название — строка в кавычках' })
      .trim()
      .min(1, { error: 'название пустое: уберите поле или заполните его' })
      .optional(),
  },
  {
    error: (iss) =>
      unknownKeys(iss as { code: string; keys?: string[] }) ??
      'источник описывается объектом { "mmo": …, "spreadsheetId": "…" }',
  },
);

export const googleConfigSchema = z
  .strictObject(
    {
      mode: z.literal('google', { error: 'для работы с Google Таблицами укажите "mode": "google"' }),
      serviceAccountKeyFile: z
        .string({ error: 'укажите путь к JSON-ключу сервисного аккаунта строкой в кавычках' })
        .trim()
        .min(1, { error: 'путь к JSON-ключу сервисного аккаунта пуст' }),
      sources: z
        .array(sourceSchema, { error: 'sources — список таблиц ММО в квадратных скобках' })
        .min(1, { error: 'не указано ни одной таблицы ММО' }),
      output: z.strictObject(
        { spreadsheetId },
        {
          error: (iss) =>
            unknownKeys(iss as { code: string; keys?: string[] }) ??
            'output — объект { "spreadsheetId": "…" }',
        },
      ),
      requestTimeoutSeconds: z
        .number({ error: 'время ожидания ответа Google — число секунд' })
        .min(1, { error: 'время ожидания ответа Google — не меньше 1 секунды' })
        .max(300, { error: 'время ожидания ответа Google — не больше 300 секунд' })
        .optional(),
    },
    {
      error: (iss) =>
        unknownKeys(iss as { code: string; keys?: string[] }) ??
        'файл настроек должен содержать JSON-объект { "mode": "google", … }',
    },
  )
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, number>();
    let outputClash = false;
    cfg.sources.forEach((s, i) => {
      const first = seen.get(s.spreadsheetId);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', i, 'spreadsheetId'],
          message: `эта таблица уже указана в источнике №${first + 1}`,
        });
      } else seen.set(s.spreadsheetId, i);
      if (s.spreadsheetId === cfg.output.spreadsheetId && !outputClash) {
        outputClash = true;
        ctx.addIssue({
          code: 'custom',
          path: ['output', 'spreadsheetId'],
          message: `итоговая таблица совпадает с таблицей ММО №${s.mmo} (источник №${i + 1}): сводка затёрла бы данные округа`,
        });
      }
    });
  });

export interface GoogleSourceConfig {
  readonly mmo: number;
  readonly spreadsheetId: string;
  readonly name?: string;
}

export interface GoogleConfig {
  readonly mode: 'google';
  /** Absolute: a relative path in the file is taken from the settings file's folder. */
  readonly serviceAccountKeyFile: string;
  readonly sources: readonly GoogleSourceConfig[];
  readonly output: { readonly spreadsheetId: string };
  readonly requestTimeoutMs?: number;
}

export class GoogleConfigError extends Error {
  override name = 'GoogleConfigError';
}

/** «источник №2, поле «mmo»» rather than sources.1.mmo: the file is edited by people, not parsers. */
function placeOf(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (seg === 'sources' && typeof path[i + 1] === 'number') {
      parts.push(`источник №${(path[i + 1] as number) + 1}`);
      i++;
    } else if (seg === 'output') parts.push('итоговая таблица (output)');
    else parts.push(`поле «${String(seg)}»`);
  }
  return parts.join(', ');
}

/** Validates parsed JSON; `baseDir` anchors a relative key file path. */
export function parseGoogleConfig(json: unknown, baseDir: string, fileLabel = 'файл настроек'): GoogleConfig {
  const result = googleConfigSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((iss) => {
      const place = placeOf(iss.path);
      return `— ${place ? `${place}: ` : ''}${iss.message}`;
    });
    throw new GoogleConfigError(
      `Ошибки в ${fileLabel === 'файл настроек' ? 'файле настроек' : `файле настроек ${fileLabel}`}:\n${lines.join('\n')}`,
    );
  }
  const c = result.data;
  return {
    mode: 'google',
    serviceAccountKeyFile: resolve(baseDir, c.serviceAccountKeyFile),
    sources: c.sources.map((s) => ({
      mmo: s.mmo,
      spreadsheetId: s.spreadsheetId,
      ...(s.name ? { name: s.name } : {}),
    })),
    output: { spreadsheetId: c.output.spreadsheetId },
    ...(c.requestTimeoutSeconds !== undefined
      ? { requestTimeoutMs: Math.round(c.requestTimeoutSeconds * 1000) }
      : {}),
  };
}

export async function loadGoogleConfig(file: string): Promise<GoogleConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new GoogleConfigError(
      code === 'ENOENT'
        ? `Файл настроек не найден: ${file}`
        : `Не удалось прочитать файл настроек ${file}: ${(e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new GoogleConfigError(
      `Файл настроек ${file} — неправильный JSON (${(e as Error).message}): проверьте запятые и кавычки`,
    );
  }
  return parseGoogleConfig(json, dirname(resolve(file)), file);
}
