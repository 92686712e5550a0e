/**
 * The body of GET /api/applications: заявки with their personal data (ФИО, телефон, e-mail) as
 * the reader's role may see them. What a row carries is the form's declaration (`api` of the
 * definition serving this path): its columns and header fields, personal ones only for РМЦ and the
 * row's own ММО.
 */
import { DISTRICTS, fieldVisibleTo, type Audience, type FieldDef, type TableTemplate } from '@mmo/shared';
import { formServedAt, TEMPLATES } from '@mmo/templates';
import { applicationRows, type ApplicationRow } from '../engine/aggregate.js';
import { hiddenFieldProblem } from '../engine/privacy.js';
import type { Role } from '../middleware/auth/tokens.js';
import type { Consolidation } from '../model.js';

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

/** Who asks for which ММО (null: all): one body each. */
export interface ApplicationsAsk {
  readonly role: Role;
  readonly scope: number | null;
}

export function applicationsKey({ role, scope }: ApplicationsAsk): string {
  return role.kind === 'rmc' ? `rmc:${scope ?? ''}` : `mmo${role.mmo}:${scope ?? ''}`;
}

/** What is asked most: РМЦ all ММО, each ММО its own. */
export const USUAL_ASKS: readonly ApplicationsAsk[] = [
  { role: { kind: 'rmc' }, scope: null },
  ...DISTRICTS.map((d) => ({ role: { kind: 'mmo', mmo: d.no } as const, scope: d.no })),
];

/** The rows of the form served at /api/applications, once per consolidation. */
const rowsByConsolidation = new WeakMap<Consolidation, ApplicationRow[]>();

function servedRows(consolidation: Consolidation): ApplicationRow[] {
  let rows = rowsByConsolidation.get(consolidation);
  if (!rows) {
    const template = formServedAt(TEMPLATES, 'applications');
    rows = template ? applicationRows(consolidation).filter((r) => r.sheet.templateId === template.id) : [];
    rowsByConsolidation.set(consolidation, rows);
  }
  return rows;
}

/** The JSON answer to `ask`, UTF-8 (its own ArrayBuffer: transferable between threads). */
export function applicationsBody(
  consolidation: Consolidation,
  { role, scope }: ApplicationsAsk,
): Uint8Array<ArrayBuffer> {
  const template = formServedAt(TEMPLATES, 'applications');
  const rows = servedRows(consolidation);
  const mine = scope === null ? rows : rows.filter((r) => r.mmo === scope);
  const writers = new Map<Audience, (a: ApplicationRow) => Record<string, unknown>>();
  const json = (r: ApplicationRow) => {
    const audience = audienceOf(role, r.mmo);
    let write = writers.get(audience);
    if (!write) writers.set(audience, (write = recordJson(template!, audience)));
    return write(r);
  };
  return new TextEncoder().encode(
    JSON.stringify({ mmo: scope, count: mine.length, applications: mine.map(json) }),
  );
}
