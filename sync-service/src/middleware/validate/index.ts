/**
 * zod at the boundary: a request that does not fit its schema is answered 400 with the first
 * Russian message, so handlers only ever see valid, typed input.
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';

function firstMessage(issues: readonly z.core.$ZodIssue[]): string {
  const issue = issues[0];
  if (!issue) return 'Неверный запрос.';
  if (issue.code === 'unrecognized_keys') return `Неизвестный параметр ${issue.keys.map((k) => `«${k}»`).join(', ')}.`;
  return issue.message;
}

export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) return c.json({ error: firstMessage(result.error.issues) }, 400);
  });
}
