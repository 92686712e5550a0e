/**
 * GET /api/applications: заявки with their personal data (ФИО, телефон, e-mail). РМЦ sees all of
 * them, an ММО token only its own ММО's rows; asking for another ММО is refused, not filtered.
 * What a row carries is the form's declaration (`api` of the definition serving this path): its
 * columns and header fields, personal ones only for РМЦ and the row's own ММО.
 */
import { fieldVisibleTo, type Audience, type FieldDef, type TableTemplate } from '@mmo/shared';
import { formServedAt, TEMPLATES } from '@mmo/templates';
import { Hono } from 'hono';
import { applicationRows, type ApplicationRow } from '../engine/aggregate.js';
import { hiddenFieldProblem } from '../engine/privacy.js';
import { scopeFor, type AppEnv, type Role } from '../middleware/auth/index.js';
import { validate } from '../middleware/validate/index.js';
import type { SyncRunner } from '../sync/runner.js';
import { mmoQuery } from './params.js';
import { perConsolidation } from './read-model.js';

/** Who reads a row: РМЦ, the ММО the row belongs to, or anyone else. */
export function audienceOf(role: Role | null, rowMmo: number | null): Audience {
  if (role?.kind === 'rmc') return 'rmc';
  return role?.kind === 'mmo' && role.mmo === rowMmo ? 'mmo' : 'public';
}

/**
 * How `audience` may read a row of the form: its declared columns, its errors, its declared header
 * fields — personal ones only for РМЦ and the row's own ММО, and an error about a hidden field by
 * its column only (its message may quote the value).
 */
export function recordJson(
  template: TableTemplate,
  audience: Audience,
): (a: ApplicationRow) => Record<string, unknown> {
  const visible = (f: FieldDef) => fieldVisibleTo(f, audience);
  const byKey = new Map([...template.header, ...template.columns].map((f) => [f.key, f]));
  const columns = (template.api?.columns ?? []).filter((key) => visible(byKey.get(key)!));
  const hidden = new Set([...byKey.values()].filter((f) => !visible(f)).map((f) => f.key));
  const header = template.api?.header;
  const contact = Object.entries(header?.fields ?? {}).filter(([, key]) => visible(byKey.get(key)!));
  return (a) => {
    const row: Record<string, unknown> = {
      mmo: a.mmo,
      source: a.sheet.sourceName,
      sheet: a.sheet.sheetName,
      row: a.record.row,
    };
    for (const key of columns) row[key] = a.record.values[key] ?? null;
    // Errors of a row listed all the same; empty for a valid row.
    row.problems =
      a.problems?.map((p) => (hidden.has(p.field) ? hiddenFieldProblem(p.label) : p.message)) ?? [];
    if (header)
      row[header.key] = Object.fromEntries(contact.map(([name, key]) => [name, a.sheet.header[key] ?? null]));
    return row;
  };
}

export function applicationRoutes(deps: { runner: SyncRunner }) {
  const template = formServedAt(TEMPLATES, 'applications');
  // 55 000 заявки are rows to walk and JSON to build: once per sync, scope and role, not per request.
  const rowsOf = perConsolidation<null, ApplicationRow[]>((consolidation) =>
    template ? applicationRows(consolidation).filter((r) => r.sheet.templateId === template.id) : [],
  );
  const bodyOf = perConsolidation((consolidation, key: string) => {
    const { role, scope } = JSON.parse(key) as { role: Role; scope: number | null };
    const rows = rowsOf(consolidation, null);
    const mine = scope === null ? rows : rows.filter((r) => r.mmo === scope);
    const writers = new Map<Audience, (a: ApplicationRow) => Record<string, unknown>>();
    const json = (r: ApplicationRow) => {
      const audience = audienceOf(role, r.mmo);
      let write = writers.get(audience);
      if (!write) writers.set(audience, (write = recordJson(template!, audience)));
      return write(r);
    };
    return JSON.stringify({ mmo: scope, count: mine.length, applications: mine.map(json) });
  });
  return new Hono<AppEnv>().get('/', validate('query', mmoQuery), (c) => {
    const { role } = c.get('principal');
    const scope = scopeFor(c.get('principal'), c.req.valid('query').mmo);
    const { consolidation } = deps.runner.latest();
    if (!consolidation) return c.json({ mmo: scope, count: 0, applications: [] });
    c.header('Content-Type', 'application/json; charset=UTF-8');
    return c.body(bodyOf(consolidation, JSON.stringify({ role, scope })));
  });
}
