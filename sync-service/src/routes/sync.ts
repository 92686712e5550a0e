/**
 * POST /api/sync (РМЦ: the whole region) and POST /api/sync/:mmo (РМЦ or that ММО): start a sync
 * or join the running one; the answer is the SyncAnswer the add-on shows.
 */
import { Hono, type Context } from 'hono';
import { assertMmoAccess, requireRmc, type AppEnv } from '../middleware/auth/index.js';
import { validate } from '../middleware/validate/index.js';
import { toSyncAnswer } from '../sync/answer.js';
import type { SyncResult, SyncRunner } from '../sync/runner.js';
import { mmoParam, syncBody } from './params.js';

function answer(c: Context<AppEnv>, result: SyncResult, mmo: number | null): Response {
  if (result.run.status === 'failed') {
    const reason = (result.run.error ?? 'Синхронизация не удалась').replace(/[.\s]+$/, '');
    return c.json({ error: `${reason}. Повторите позже или сообщите в РМЦ.` }, 503);
  }
  return c.json(toSyncAnswer(result, mmo));
}

export function syncRoutes(deps: { runner: SyncRunner }) {
  return new Hono<AppEnv>()
    .post('/', requireRmc(), validate('json', syncBody), async (c) => {
      const { trigger } = c.req.valid('json');
      const result = await deps.runner.sync({ mmo: null, trigger: trigger ?? 'api' });
      return answer(c, result, null);
    })
    .post(
      '/:mmo',
      validate('param', mmoParam),
      // Access before the body: another ММО's caller learns nothing from how its body is judged.
      async (c, next) => {
        assertMmoAccess(c.get('principal'), c.req.valid('param').mmo);
        await next();
      },
      validate('json', syncBody),
      async (c) => {
        const { mmo } = c.req.valid('param');
        const { trigger } = c.req.valid('json');
        const result = await deps.runner.sync({ mmo, trigger: trigger ?? 'api' });
        return answer(c, result, mmo);
      },
    );
}
