/**
 * GET /api/plan: the events of the consolidated plans. РМЦ sees every ММО (or one, `?mmo=`), an
 * ММО token its own events; the joint plan with РМЦ, which belongs to no single ММО, to everyone.
 * An event carries its plan's columns, as the definition lists them, the period parsed.
 */
import { fieldVisibleTo, formatAcademicYear, type Audience, type FieldDef } from '@mmo/shared';
import { templateById } from '@mmo/templates';
import { Hono } from 'hono';
import type { PlanEvent } from '../engine/aggregate.js';
import { allPlanEvents, eventScope } from '../engine/plans.js';
import { scopeFor, type AppEnv } from '../middleware/auth/index.js';
import { validate } from '../middleware/validate/index.js';
import type { SyncRunner } from '../sync/runner.js';
import type { Consolidation } from '../model.js';
import { mmoQuery } from './params.js';

function columnsOf(templateId: string): readonly FieldDef[] {
  const t = templateById(templateId);
  return t?.layout === 'table' ? t.columns : [];
}

/** The event as `audience` may read it: personal columns (no plan has one yet) only for РМЦ and the own ММО. */
function eventJson(e: PlanEvent, audience: Audience) {
  const v = e.record.values;
  const event: Record<string, unknown> = {
    mmo: e.mmo,
    plan: eventScope(e),
    source: e.sheet.sourceName,
    sheet: e.sheet.sheetName,
    row: e.record.row,
  };
  for (const f of columnsOf(e.sheet.templateId)) {
    if (!fieldVisibleTo(f, audience)) continue;
    event[f.key] =
      f.key === 'period'
        ? { text: e.period.text, kind: e.period.kind, months: e.period.months, day: e.period.day }
        : (v[f.key] ?? null);
  }
  return event;
}

/**
 * The answer only changes with a sync, while callers poll it: parsing every period and building the
 * JSON on each request held the event loop long enough to delay /api/status. One body per scope is
 * built per consolidation and reused until the next sync replaces the consolidation.
 */
function answerCache() {
  let of: Consolidation | null = null;
  let bodies = new Map<number | null, string>();
  return (consolidation: Consolidation, scope: number | null): string => {
    if (consolidation !== of) {
      of = consolidation;
      bodies = new Map();
    }
    let body = bodies.get(scope);
    if (body === undefined) {
      const all = allPlanEvents(consolidation);
      const events =
        scope === null
          ? all
          : all.filter((e) => e.mmo === scope || (e.mmo === null && eventScope(e) === 'joint'));
      body = JSON.stringify({
        academicYear: formatAcademicYear({ startYear: consolidation.academicYear }),
        mmo: scope,
        count: events.length,
        events: events.map((e) => eventJson(e, scope === null ? 'rmc' : e.mmo === scope ? 'mmo' : 'public')),
      });
      bodies.set(scope, body);
    }
    return body;
  };
}

export function planRoutes(deps: { runner: SyncRunner }) {
  const answer = answerCache();
  return new Hono<AppEnv>().get('/', validate('query', mmoQuery), (c) => {
    const scope = scopeFor(c.get('principal'), c.req.valid('query').mmo);
    const { consolidation } = deps.runner.latest();
    if (!consolidation) return c.json({ academicYear: null, mmo: scope, count: 0, events: [] });
    c.header('Content-Type', 'application/json; charset=UTF-8');
    return c.body(answer(consolidation, scope));
  });
}
