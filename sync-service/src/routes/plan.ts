/**
 * GET /api/plan: the events of the consolidated plans. РМЦ sees every ММО (or one, `?mmo=`), an
 * ММО token its own events; the joint plan with РМЦ, which belongs to no single ММО, to everyone.
 * An event carries its plan's columns, as the definition lists them, the period parsed.
 */
import { Hono } from 'hono';
import { scopeFor, type AppEnv } from '../middleware/auth/index.js';
import { validate } from '../middleware/validate/index.js';
import type { SyncRunner } from '../sync/runner.js';
import { planBodies } from '../read-models/plan-body.js';
import { prebuilt } from '../read-models/prebuilt.js';
import { mmoQuery } from './params.js';
import { perConsolidation } from './read-model.js';

export function planRoutes(deps: { runner: SyncRunner }) {
  // The events parsed and the JSON built once per consolidation (read-models/), not per request.
  const bodies = perConsolidation<null, Promise<ReadonlyMap<number | null, Uint8Array<ArrayBuffer>>>>(
    async (consolidation) => (await prebuilt(consolidation, 'plan')) ?? planBodies(consolidation),
  );
  return new Hono<AppEnv>().get('/', validate('query', mmoQuery), async (c) => {
    const scope = scopeFor(c.get('principal'), c.req.valid('query').mmo);
    const { consolidation } = deps.runner.latest();
    if (!consolidation) return c.json({ academicYear: null, mmo: scope, count: 0, events: [] });
    c.header('Content-Type', 'application/json; charset=UTF-8');
    // Every scope scopeFor can give (РМЦ's, each ММО's) is among PLAN_SCOPES.
    return c.body((await bodies(consolidation, null)).get(scope)!);
  });
}
