/**
 * GET /api/applications: заявки with their personal data (ФИО, телефон, e-mail). РМЦ sees all of
 * them, an ММО token only its own ММО's rows; asking for another ММО is refused, not filtered.
 * The bodies are built in read-models/applications-body.ts.
 */
import { Hono } from 'hono';
import { scopeFor, type AppEnv } from '../middleware/auth/index.js';
import { validate } from '../middleware/validate/index.js';
import { applicationsBody, applicationsKey, type ApplicationsAsk } from '../read-models/applications-body.js';
import { prebuilt } from '../read-models/prebuilt.js';
import type { SyncRunner } from '../sync/runner.js';
import { mmoQuery } from './params.js';
import { perConsolidation } from './read-model.js';

export function applicationRoutes(deps: { runner: SyncRunner }) {
  // 55 000 заявки are rows to walk and JSON to build: once per sync, scope and role, not per request;
  // the usual ones come built from the sync thread.
  const bodyOf = perConsolidation(async (consolidation, ask: ApplicationsAsk) => {
    const built = (await prebuilt(consolidation, 'applications'))?.get(applicationsKey(ask));
    return built ?? applicationsBody(consolidation, ask);
  });
  const asks = new Map<string, ApplicationsAsk>();
  return new Hono<AppEnv>().get('/', validate('query', mmoQuery), async (c) => {
    const { role } = c.get('principal');
    const scope = scopeFor(c.get('principal'), c.req.valid('query').mmo);
    const { consolidation } = deps.runner.latest();
    if (!consolidation) return c.json({ mmo: scope, count: 0, applications: [] });
    // One object per key, so the answers are found again by it.
    const key = applicationsKey({ role, scope });
    let ask = asks.get(key);
    if (!ask) asks.set(key, (ask = { role, scope }));
    c.header('Content-Type', 'application/json; charset=UTF-8');
    return c.body(await bodyOf(consolidation, ask));
  });
}
