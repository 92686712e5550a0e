/**
 * Personal data (ФИО, телефон, e-mail of заявки) must not reach anyone who may not see it: the
 * public dashboard shows problems with every personal value cut out, found two ways — the issue
 * is about a personal field (its message may quote the value), or the text contains a value that
 * some personal field of the consolidation holds.
 */
import { cellText, formatIssue, type FieldDef } from '@mmo/shared';
import { TEMPLATES } from '@mmo/templates';
import type { Consolidation, PlacedIssue } from '../model.js';

const HIDDEN = '«…скрыто…»';

function personalFields(): FieldDef[] {
  const out: FieldDef[] = [];
  for (const t of TEMPLATES) {
    const fields: FieldDef[] = [...t.header, ...(t.layout === 'table' ? t.columns : [...t.answers, ...t.items.flatMap((i) => i.answers ?? [])])];
    for (const f of fields) if (f.personal) out.push(f);
  }
  return out;
}

const PERSONAL = personalFields();
const PERSONAL_KEYS = new Set(PERSONAL.map((f) => f.key));
const PERSONAL_LABELS = new Set(PERSONAL.flatMap((f) => [f.label, ...(f.aliases ?? [])]));

export function isPersonalIssue(issue: PlacedIssue): boolean {
  return (issue.field !== undefined && PERSONAL_KEYS.has(issue.field)) || (issue.columnLabel !== undefined && PERSONAL_LABELS.has(issue.columnLabel));
}

/** Every value of a personal field in the consolidation, longest first (so «Иванова» goes before «Иван»). */
export function personalValues(c: Consolidation): string[] {
  const values = new Set<string>();
  const add = (v: unknown) => {
    const text = Array.isArray(v) ? v.map(cellText).join(', ') : cellText(v);
    // Very short values («-», «1») would blank out ordinary words.
    if (text.length >= 4) values.add(text);
  };
  for (const s of c.sheets) {
    for (const key of PERSONAL_KEYS) {
      if (key in s.header) add(s.header[key]);
    }
    for (const r of s.records) {
      for (const key of PERSONAL_KEYS) {
        if (key in r.values) add(r.values[key]);
        if (key in r.raw) add(r.raw[key]);
      }
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** The issue as the public may read it. */
export function publicIssueText(issue: PlacedIssue, known: readonly string[]): string {
  // About a personal field, any quote in the message is the value: the place stays, the quotes go.
  let text = formatIssue(isPersonalIssue(issue) ? { ...issue, message: issue.message.replace(/«[^»]*»/g, HIDDEN) } : issue);
  for (const v of known) if (text.includes(v)) text = text.split(v).join('…скрыто…');
  return text;
}
