/**
 * GET /api/plan: the events of the consolidated plans. РМЦ sees every ММО (or one, `?mmo=`), an
 * ММО token its own events; the joint plan with РМЦ, which belongs to no single ММО, to everyone.
 */
import { formatAcademicYear } from '@mmo/shared';
import { MMO_PLAN } from '@mmo/templates';
import { Hono } from 'hono';
import { jointEvents, planEvents, type PlanEvent } from '../engine/aggregate.js';
import { scopeFor, type AppEnv } from '../middleware/auth/index.js';
import { validate } from '../middleware/validate/index.js';
import type { SyncRunner } from '../sync/runner.js';
import { mmoQuery } from './params.js';

function eventJson(e: PlanEvent) {
  const v = e.record.values;
  return {
    mmo: e.mmo,
    plan: e.sheet.templateId === MMO_PLAN.id ? 'mmo' : 'joint',
    source: e.sheet.sourceName,
    sheet: e.sheet.sheetName,
    row: e.record.row,
    no: v.no ?? null,
    title: v.title ?? null,
    participants: v.participants ?? null,
    period: { text: e.period.text, kind: e.period.kind, months: e.period.months, day: e.period.day },
    place: v.place ?? null,
  };
}

export function planRoutes(deps: { runner: SyncRunner }) {
  return new Hono<AppEnv>().get('/', validate('query', mmoQuery), (c) => {
    const scope = scopeFor(c.get('principal'), c.req.valid('query').mmo);
    const { consolidation } = deps.runner.latest();
    if (!consolidation) return c.json({ academicYear: null, mmo: scope, count: 0, events: [] });
    const all = [...planEvents(consolidation), ...jointEvents(consolidation)];
    const events = scope === null ? all : all.filter((e) => e.mmo === scope || (e.mmo === null && e.sheet.templateId !== MMO_PLAN.id));
    return c.json({
      academicYear: formatAcademicYear({ startYear: consolidation.academicYear }),
      mmo: scope,
      count: events.length,
      events: events.map(eventJson),
    });
  });
}
