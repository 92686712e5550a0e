/**
 * What changed between two consolidations, per ММО: records added, removed, or changed field by
 * field. Records are matched by the natural key their definition declares (recordKey), not by row
 * number, because people insert and sort rows: a plan event by its title and period, a заявка by programme and trainee, a questionnaire or
 * indicator row by its item in its sheet. An event whose period moved is one change, not two.
 */
import {
  cellText,
  collapseSpaces,
  formatDayMonthYear,
  normalizeLabel,
  tableColumns,
  type FieldDef,
  type RecordKey,
  type TemplateDef,
} from '@mmo/shared';
import { TEMPLATES } from '@mmo/templates';
import type { ConsolidatedSheet, Consolidation } from '../model.js';
import { compareMmo } from './aggregate.js';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  readonly field: string;
  readonly label: string;
  readonly before: string;
  readonly after: string;
  /** ФИО, телефон, e-mail: shown only to those who may see personal data. */
  readonly personal: boolean;
}

export interface RecordChange {
  readonly kind: ChangeKind;
  readonly templateId: string;
  readonly mmo: number | null;
  /** What the record is, without personal data: «Семинар … (Ноябрь, 2022)», «п. 2.3 Разработка …». */
  readonly title: string;
  /** The record's cells as text by field key: the new record, or the old one when removed. */
  readonly cells: Readonly<Record<string, string>>;
  /** Field by field, for 'changed'. */
  readonly fields: readonly FieldChange[];
  readonly source: string;
  readonly sheet: string;
  readonly row: number;
}

/**
 * A change as it is kept after the sync that wrote it: what the journal and the dashboard read. The
 * record's cells are only for the «Изменения» sheet, written where the sync ran, so a sync in its
 * thread does not send them to the main thread.
 */
export type ChangeNote = Omit<RecordChange, 'cells'>;

/** The changes of a sync as they are kept after it: a ChangeSet is one. */
export interface ChangeDigest {
  readonly since: string | null;
  readonly changes: readonly ChangeNote[];
  readonly summary: readonly MmoChangeSummary[];
}

export interface MmoChangeSummary {
  readonly mmo: number | null;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

export interface ChangeSet {
  /** generatedAt of the previous consolidation; null on the first run. */
  readonly since: string | null;
  readonly changes: readonly RecordChange[];
  readonly summary: readonly MmoChangeSummary[];
}

type KeySpec = RecordKey;

/** The natural key of a template's records as its definition declares it; items are keyed by item. */
function keySpec(template: TemplateDef): KeySpec {
  if (template.layout === 'table' && template.recordKey) return template.recordKey;
  return {
    fields: tableColumns(template)
      .map((f) => f.key)
      .filter((k) => k !== 'no'),
  };
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/**
 * A cell as comparable text. Dates that went through JSON (a stored snapshot) come back as ISO
 * strings and must compare equal to the Date they were.
 */
export function cellAsText(value: unknown): string {
  if (value instanceof Date) return formatDayMonthYear(value);
  if (typeof value === 'string') {
    const iso = ISO_DATE_TIME.exec(value);
    if (iso) return cellAsText(new Date(value));
    return collapseSpaces(value);
  }
  if (typeof value === 'boolean') return value ? 'Да' : 'Нет';
  if (Array.isArray(value)) return value.map(cellAsText).join(', ');
  return cellText(value);
}

interface Entry {
  readonly sheet: ConsolidatedSheet;
  readonly record: ConsolidatedSheet['records'][number];
  readonly cells: Record<string, string>;
  readonly key: string;
  readonly loose: string | null;
}

interface TemplateInfo {
  readonly template: TemplateDef | undefined;
  readonly spec: KeySpec;
  readonly fields: ReadonlyMap<string, FieldDef>;
  readonly items: ReadonlyMap<string, string>;
}

function infoOf(
  templateId: string,
  byId: ReadonlyMap<string, TemplateDef>,
  cache: Map<string, TemplateInfo>,
): TemplateInfo {
  let info = cache.get(templateId);
  if (!info) {
    const template = byId.get(templateId);
    info = {
      template,
      spec: template ? keySpec(template) : { fields: [] },
      fields: new Map(template ? tableColumns(template).map((f) => [f.key, f]) : []),
      items: new Map(template?.layout === 'items' ? template.items.map((i) => [i.id, i.text]) : []),
    };
    cache.set(templateId, info);
  }
  return info;
}

/** The sheets of a consolidation by template and ММО: the groups changes are matched in. */
function sheetGroups(consolidation: Consolidation | null): Map<string, ConsolidatedSheet[]> {
  const groups = new Map<string, ConsolidatedSheet[]>();
  for (const sheet of consolidation?.sheets ?? []) {
    const group = `${sheet.templateId}\u0000${sheet.mmo}`;
    let list = groups.get(group);
    if (!list) groups.set(group, (list = []));
    list.push(sheet);
  }
  return groups;
}

/**
 * The same sheet objects in the same order: the parts of unchanged sources (sync/part-cache.ts)
 * are reused as they are, so such a group has nothing to compare.
 */
function sameSheets(a: readonly ConsolidatedSheet[], b: readonly ConsolidatedSheet[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function entriesOf(
  sheets: readonly ConsolidatedSheet[],
  byId: ReadonlyMap<string, TemplateDef>,
  cache: Map<string, TemplateInfo>,
): Entry[] {
  const list: Entry[] = [];
  for (const sheet of sheets) {
    const info = infoOf(sheet.templateId, byId, cache);
    for (const record of sheet.records) {
      const cells: Record<string, string> = {};
      for (const [k, v] of Object.entries(record.raw)) cells[k] = cellAsText(v);
      let key: string;
      let loose: string | null = null;
      if (record.itemId !== undefined) {
        // Many questionnaires per ММО: an item is only the same item within the same sheet.
        key = `${sheet.sourceId}\u0000${sheet.sheetName}\u0000${record.itemId}`;
      } else {
        key = info.spec.fields.map((f) => normalizeLabel(cells[f] ?? '')).join('\u0000');
        if (info.spec.loose)
          loose = info.spec.loose.map((f) => normalizeLabel(cells[f] ?? '')).join('\u0000');
      }
      list.push({ sheet, record, cells, key, loose });
    }
  }
  return list;
}

/** The fields that differ, as written; the numbering column and the item text are not content. */
function fieldChanges(before: Entry, after: Entry, info: TemplateInfo): FieldChange[] {
  const changes: FieldChange[] = [];
  const keys = new Set([...Object.keys(before.cells), ...Object.keys(after.cells)]);
  for (const k of keys) {
    if (k === 'no' || k === 'item') continue;
    const b = before.cells[k] ?? '';
    const a = after.cells[k] ?? '';
    if (b === a) continue;
    const f = info.fields.get(k);
    changes.push({ field: k, label: f?.label ?? k, before: b, after: a, personal: !!f?.personal });
  }
  return changes;
}

function titleOf(entry: Entry, info: TemplateInfo): string {
  if (entry.record.itemId !== undefined) {
    const text = info.items.get(entry.record.itemId) ?? '';
    return `п. ${entry.record.itemId} ${text.length > 80 ? `${text.slice(0, 79)}…` : text} (лист «${entry.sheet.sheetName}»)`.replace(
      /\s+/g,
      ' ',
    );
  }
  const parts = info.spec.fields
    .filter((k) => !info.fields.get(k)?.personal)
    .map((k) => entry.cells[k])
    .filter(Boolean);
  const [head, ...rest] = parts;
  return rest.length ? `${head} (${rest.join(', ')})` : (head ?? '');
}

function change(
  kind: ChangeKind,
  entry: Entry,
  info: TemplateInfo,
  fields: readonly FieldChange[] = [],
): RecordChange {
  return {
    kind,
    templateId: entry.sheet.templateId,
    mmo: entry.sheet.mmo,
    title: titleOf(entry, info),
    cells: entry.cells,
    fields,
    source: entry.sheet.sourceName,
    sheet: entry.sheet.sheetName,
    row: entry.record.row,
  };
}

const KIND_ORDER: Readonly<Record<ChangeKind, number>> = { changed: 0, added: 1, removed: 2 };

/** Changes from `prev` to `next`; with no previous consolidation there is nothing to compare. */
export function diffConsolidations(
  prev: Consolidation | null,
  next: Consolidation,
  templates: readonly TemplateDef[] = TEMPLATES,
): ChangeSet {
  if (!prev) return { since: null, changes: [], summary: [] };
  const byId = new Map(templates.map((t) => [t.id, t]));
  const cache = new Map<string, TemplateInfo>();
  const before = sheetGroups(prev);
  const after = sheetGroups(next);
  const changes: RecordChange[] = [];

  for (const group of new Set([...before.keys(), ...after.keys()])) {
    const oldSheets = before.get(group) ?? [];
    const nowSheets = after.get(group) ?? [];
    if (sameSheets(oldSheets, nowSheets)) continue;
    const old = entriesOf(oldSheets, byId, cache);
    const now = entriesOf(nowSheets, byId, cache);
    if (!old.length && !now.length) continue;
    const info = infoOf((now[0] ?? old[0]).sheet.templateId, byId, cache);
    // Queues per key: two identical events in one plan pair up in order.
    const oldByKey = new Map<string, Entry[]>();
    for (const e of old) {
      const q = oldByKey.get(e.key);
      if (q) q.push(e);
      else oldByKey.set(e.key, [e]);
    }
    const added: Entry[] = [];
    for (const e of now) {
      const match = oldByKey.get(e.key)?.shift();
      if (!match) {
        added.push(e);
        continue;
      }
      const fields = fieldChanges(match, e, info);
      if (fields.length) changes.push(change('changed', e, info, fields));
    }
    const removed: Entry[] = [];
    for (const q of oldByKey.values()) removed.push(...q);
    // The same event with another period: one change of «Сроки проведения», not a removal and an addition.
    const removedByLoose = new Map<string, Entry[]>();
    for (const e of removed) {
      if (e.loose === null) continue;
      const q = removedByLoose.get(e.loose);
      if (q) q.push(e);
      else removedByLoose.set(e.loose, [e]);
    }
    const paired = new Set<Entry>();
    for (const e of added) {
      const match = e.loose !== null ? removedByLoose.get(e.loose)?.shift() : undefined;
      if (match) {
        paired.add(match);
        changes.push(change('changed', e, info, fieldChanges(match, e, info)));
      } else changes.push(change('added', e, info));
    }
    for (const e of removed) if (!paired.has(e)) changes.push(change('removed', e, info));
  }

  const order = new Map(templates.map((t, i) => [t.id, i]));
  changes.sort(
    (a, b) =>
      compareMmo(a.mmo, b.mmo) ||
      (order.get(a.templateId) ?? 99) - (order.get(b.templateId) ?? 99) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      a.row - b.row,
  );
  const summary = new Map<
    number | null,
    { mmo: number | null; added: number; removed: number; changed: number }
  >();
  for (const c of changes) {
    let s = summary.get(c.mmo);
    if (!s) summary.set(c.mmo, (s = { mmo: c.mmo, added: 0, removed: 0, changed: 0 }));
    s[c.kind]++;
  }
  return { since: prev.generatedAt, changes, summary: [...summary.values()] };
}
