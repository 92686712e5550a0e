/**
 * zod at the boundary: a request that does not fit its schema is answered 400 with the first
 * Russian message, so handlers only ever see valid, typed input.
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { firstZodMessage } from '../../zod-russian.js';

export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) return c.json({ error: firstZodMessage(result.error.issues) }, 400);
  });
}
