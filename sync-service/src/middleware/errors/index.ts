/**
 * Every failure of the API as `{ "error": "…" }` in Russian: hono's English defaults are replaced,
 * and an unexpected exception becomes a 500 without its stack (which is logged, as a message only).
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { logSafe, type Logger } from '../../sync/log.js';

const BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Неверный запрос.',
  401: 'Нужен токен доступа.',
  403: 'Доступ запрещён.',
  404: 'Такого адреса нет.',
  405: 'Этот метод здесь не поддерживается.',
  413: 'Слишком большой запрос.',
  415: 'Неподдерживаемый тип данных запроса.',
  500: 'Внутренняя ошибка сервиса. Подробности — в журнале сервиса.',
  503: 'Сервис временно недоступен. Повторите позже.',
};

/** hono's own messages, in the words users read. */
const TRANSLATED: Readonly<Record<string, string>> = {
  'Malformed JSON in request body': 'Тело запроса — не корректный JSON: проверьте кавычки и запятые.',
};

function hasCyrillic(text: string): boolean {
  return /[А-Яа-яЁё]/.test(text);
}

export function errorJson(c: Context, status: ContentfulStatusCode, message: string): Response {
  return c.json({ error: message }, status);
}

export function apiErrorHandler(logger: Logger): ErrorHandler {
  return (err, c) => {
    if (err instanceof HTTPException) {
      // Responses built on purpose (bearerAuth's, with WWW-Authenticate) are already in Russian.
      if (err.res) return err.getResponse();
      const status = err.status as ContentfulStatusCode;
      const message =
        TRANSLATED[err.message] ??
        (hasCyrillic(err.message) ? err.message : (BY_STATUS[status] ?? BY_STATUS[500]));
      return errorJson(c, status, message);
    }
    logger.error(
      logSafe(
        `Ошибка при обработке ${c.req.method} ${c.req.path}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
      ),
    );
    return errorJson(c, 500, BY_STATUS[500]);
  };
}

export const apiNotFound: NotFoundHandler = (c) =>
  errorJson(
    c,
    404,
    `Такого адреса нет: ${c.req.method} ${c.req.path}. Адреса API: /api/status, /api/sync, /api/plan, /api/applications, /api/regional.xlsx, /api/sources.`,
  );

export function tooLarge(maxBytes: number): (c: Context) => Response {
  return (c) => errorJson(c, 413, `Слишком большой запрос: не больше ${Math.round(maxBytes / 1024)} КБ.`);
}
