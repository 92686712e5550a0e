/**
 * zod speaks Russian in this service: its own texts («Unrecognized key», «Invalid input: expected
 * string…») would otherwise reach a user wherever a schema has no message of ours — a settings
 * file, the token file, a query. Imported by every module that validates outside input, so the
 * setting holds whichever of them loads first. Our own messages, more precise, still win.
 */
import { z } from 'zod';

z.config(z.locales.ru());

/** The first problem of a failed parse, as a user reads it: unknown keys named, in Russian. */
export function firstZodMessage(issues: readonly z.core.$ZodIssue[], fallback = 'Неверный запрос.'): string {
  const issue = issues[0];
  if (!issue) return fallback;
  if (issue.code === 'unrecognized_keys')
    return `Неизвестный параметр ${issue.keys.map((k) => `«${k}»`).join(', ')}.`;
  return issue.message;
}
