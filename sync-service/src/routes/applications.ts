/**
 * GET /api/applications: заявки with their personal data (ФИО, телефон, e-mail). РМЦ sees all of
 * them, an ММО token only its own ММО's rows; asking for another ММО is refused, not filtered.
 */
import { Hono } from 'hono';
import { applicationRows, type ApplicationRow } from '../engine/aggregate.js';
import { scopeFor, type AppEnv } from '../middleware/auth/index.js';
import { validate } from '../middleware/validate/index.js';
import type { SyncRunner } from '../sync/runner.js';
import { mmoQuery } from './params.js';
import { perConsolidation } from './read-model.js';

function applicationJson(a: ApplicationRow) {
  const v = a.record.values;
  const h = a.sheet.header;
  return {
    mmo: a.mmo,
    source: a.sheet.sourceName,
    sheet: a.sheet.sheetName,
    row: a.record.row,
    programme: v.programme ?? null,
    period: v.period ?? null,
    venue: v.venue ?? null,
    traineeName: v.traineeName ?? null,
    traineeWorkplace: v.traineeWorkplace ?? null,
    /** Errors of a row listed all the same; empty for a valid row. */
    problems: a.problems?.map((p) => p.message) ?? [],
    contact: {
      name: h.contactName ?? null,
      position: h.contactPosition ?? null,
      phone: h.contactPhone ?? null,
      email: h.contactEmail ?? null,
    },
  };
}

export function applicationRoutes(deps: { runner: SyncRunner }) {
  // 55 000 заявки are rows to walk and JSON to build: once per sync and scope, not per request.
  const rowsOf = perConsolidation<null, ApplicationRow[]>((consolidation) => applicationRows(consolidation));
  const bodyOf = perConsolidation((consolidation, scope: number | null) => {
    const rows = rowsOf(consolidation, null);
    const mine = scope === null ? rows : rows.filter((r) => r.mmo === scope);
    return JSON.stringify({ mmo: scope, count: mine.length, applications: mine.map(applicationJson) });
  });
  return new Hono<AppEnv>().get('/', validate('query', mmoQuery), (c) => {
    const scope = scopeFor(c.get('principal'), c.req.valid('query').mmo);
    const { consolidation } = deps.runner.latest();
    if (!consolidation) return c.json({ mmo: scope, count: 0, applications: [] });
    c.header('Content-Type', 'application/json; charset=UTF-8');
    return c.body(bodyOf(consolidation, scope));
  });
}
