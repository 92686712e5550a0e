/**
 * One line per API request: method, path, status, the caller's role and the time taken. Never
 * the Authorization header, the query's values beyond the path, or a body: those may hold a token
 * or personal data.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../auth/index.js';
import { roleLabel } from '../auth/index.js';
import { logSafe, type Logger } from '../../sync/log.js';

export function requestLog(logger: Logger, options: { only?: RegExp } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    if (options.only && !options.only.test(c.req.path)) return;
    const principal = c.get('principal') as AppEnv['Variables']['principal'] | undefined;
    const who = principal ? roleLabel(principal.role) : 'без токена';
    const ms = Math.round(performance.now() - started);
    logger.info(`${c.req.method} ${logSafe(c.req.path)} → ${c.res.status} (${who}, ${ms} мс)`);
  };
}
