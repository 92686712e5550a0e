/**
 * Personal data (ФИО, телефон, e-mail of заявки) must not reach anyone who may not see it. What is
 * personal is said once, by the forms: a field with `personal: true`. The public dashboard is cut
 * four ways, each covering what the others cannot:
 * - a problem about a personal field loses every quote (its message may quote the value);
 * - a problem in a row of a form whose rows carry personal data loses every quote that is not the
 *   form's own wording (a name typed into «Сроки» is quoted as a wrong period);
 * - every value of a personal field of every row, accepted or rejected, is cut from any text, and
 *   so is each word of a value shaped like a name («Алиев» alone is enough to know who);
 * - anything shaped like a phone number or an e-mail address is masked, wherever it was typed.
 */
import {
  cellText,
  fieldVisibleTo,
  formatIssue,
  tableColumns,
  type CellValue,
  type FieldDef,
  type TemplateDef,
} from '@mmo/shared';
import { TEMPLATES } from '@mmo/templates';
import type { ConsolidatedSheet, Consolidation, PlacedIssue } from '../model.js';

export const HIDDEN = '…скрыто…';

/**
 * A row's error about a personal cell, for a reader without the right to personal data: it names
 * the column only, as the message itself may quote the value.
 */
export function hiddenFieldProblem(label: string): string {
  return `«${label}» заполнен неверно`;
}
const HIDDEN_QUOTE = `«${HIDDEN}»`;

function templateFields(t: TemplateDef): FieldDef[] {
  return [...t.header, ...tableColumns(t)];
}

/** What the public may not read, by the forms' one rule ({@link fieldVisibleTo}). */
function isPersonal(f: FieldDef): boolean {
  return !fieldVisibleTo(f, 'public');
}

function personalFields(): FieldDef[] {
  return TEMPLATES.flatMap((t) => templateFields(t).filter(isPersonal));
}

const PERSONAL = personalFields();
const PERSONAL_KEYS = new Set(PERSONAL.map((f) => f.key));
const PERSONAL_LABELS = new Set(PERSONAL.flatMap((f) => [f.label, ...(f.aliases ?? [])]));

/** Forms whose rows (not only the header) hold personal data: the заявка, one trainee per row. */
const ROW_PERSONAL = new Map(
  TEMPLATES.filter((t) => tableColumns(t).some(isPersonal)).map(
    (t) =>
      [
        t.id,
        tableColumns(t)
          .filter(isPersonal)
          .map((f) => f.key),
      ] as const,
  ),
);

/** The form's own words (labels, list values, its names): quoting them tells nothing about anyone. */
const OWN_WORDS = new Map(
  TEMPLATES.map((t) => [
    t.id,
    new Set([
      t.sheetName,
      t.menuLabel,
      t.title,
      ...templateFields(t).flatMap((f) => [f.label, ...(f.aliases ?? []), ...(f.choices ?? [])]),
    ]),
  ]),
);

/** The cell texts of personal columns in rows that were rejected, which `records` no longer has. */
export function rejectedPersonalValues(
  templateId: string,
  rows: readonly { readonly row: number; readonly values: Readonly<Record<string, CellValue>> }[],
  accepted: ReadonlySet<number>,
): string[] {
  const keys = ROW_PERSONAL.get(templateId);
  if (!keys) return [];
  const out = new Set<string>();
  for (const r of rows) {
    if (accepted.has(r.row)) continue;
    for (const key of keys) {
      const text = cellText(r.values[key] ?? null).trim();
      if (text) out.add(text);
    }
  }
  return [...out];
}

export function isPersonalIssue(issue: PlacedIssue): boolean {
  return (
    (issue.field !== undefined && PERSONAL_KEYS.has(issue.field)) ||
    (issue.columnLabel !== undefined && PERSONAL_LABELS.has(issue.columnLabel))
  );
}

const NAME_WORD = /^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$/u;
const INITIALS = /^(?:[А-ЯЁ]\.\s*){1,2}$/u;
const PATRONYMIC = /(?:вич|вна|ична|инична|оглы|кызы|улы)$/u;

/**
 * «Алиев Руслан Магомедович», «Алиев Р. М.», «Р.М. Алиев»: two to four words, each a capitalised
 * Cyrillic name or initials, with a patronymic or initials. `loose` also takes «Гаджиева Зарема»
 * (for values of a ФИО column, whose words are then cut everywhere); without it a programme named
 * «Точка Роста» is not taken for a person. «Школа современного учителя» never matches.
 */
export function looksLikePersonName(text: string, loose = false): boolean {
  const words = text
    .trim()
    .replace(/([А-ЯЁ]\.)\s*/gu, '$1 ')
    .split(/\s+/u)
    .filter(Boolean);
  if (words.length < 2 || words.length > 4) return false;
  const joined = words.join(' ');
  const initials = words.filter((w) => INITIALS.test(w)).length;
  const names = words.filter((w) => NAME_WORD.test(w) || /^(?:оглы|кызы|улы)$/u.test(w)).length;
  if (initials + names !== words.length || names === 0) return false;
  return initials > 0 || PATRONYMIC.test(joined) || (loose && words.length <= 3);
}

function wordKey(word: string): string {
  return word.toLowerCase().replace(/ё/g, 'е');
}

/** What the public texts are cleaned of, built once per consolidation. */
export interface PersonalIndex {
  /**
   * Whole values by their first {@link START} characters, to find those in a text without trying
   * all; cut longest first (so «Иванова» goes before «Иван»).
   */
  readonly byStart: ReadonlyMap<string, readonly string[]>;
  /** Each word of a value shaped like a name, lower-cased. */
  readonly words: ReadonlySet<string>;
  /** `file\0sheet` of sheets whose rows carry personal data, with their form. */
  readonly rowPersonalSheets: ReadonlyMap<string, string>;
}

function sheetKey(file: string, sheet: string): string {
  return `${file}\u0000${sheet}`;
}

/** Values shorter than this are not cut (see personalIndex), so every value has this many first characters. */
const START = 4;

const indexes = new WeakMap<Consolidation, PersonalIndex>();

/** Built once per consolidation: 55 000 заявки are many values to walk. */
export function personalIndex(c: Consolidation): PersonalIndex {
  let index = indexes.get(c);
  if (!index) indexes.set(c, (index = buildPersonalIndex(c)));
  return index;
}

function buildPersonalIndex(c: Consolidation): PersonalIndex {
  const values = new Set<string>();
  const words = new Set<string>();
  const add = (v: unknown) => {
    const text = (
      Array.isArray(v) ? v.map((x) => cellText(x as CellValue)).join(', ') : cellText(v as CellValue)
    ).trim();
    // Very short values («-», «1») would blank out ordinary words.
    if (text.length >= START) values.add(text);
    if (looksLikePersonName(text, true))
      for (const w of text.split(/[\s.]+/u)) if (w.length >= 3) words.add(wordKey(w));
  };
  const rowPersonalSheets = new Map<string, string>();
  for (const s of c.sheets as readonly ConsolidatedSheet[]) {
    if (ROW_PERSONAL.has(s.templateId))
      rowPersonalSheets.set(sheetKey(s.sourceName, s.sheetName), s.templateId);
    for (const key of PERSONAL_KEYS) if (key in s.header) add(s.header[key]);
    for (const r of s.records) {
      for (const key of PERSONAL_KEYS) {
        if (key in r.values) add(r.values[key]);
        if (key in r.raw) add(r.raw[key]);
      }
    }
    for (const v of s.rejectedPersonal ?? []) add(v);
  }
  const byStart = new Map<string, string[]>();
  for (const v of values) {
    const key = v.slice(0, START);
    const list = byStart.get(key);
    if (list) list.push(v);
    else byStart.set(key, [v]);
  }
  return { byStart, words, rowPersonalSheets };
}

// Phones: ten or more digits in one run of digits, spaces, dashes and brackets (+7 928 123-45-67,
// 8 (8722) 67-00-44, 89281234567); any «+» number of six digits or more; a local 67-00-44. Dots are
// not separators, so dates («01.09.2022–31.05.2023») stay.
const PHONE_LONG = /(?<![\p{L}\p{N}])\+?\d(?:[ \u00a0\t()-]{0,3}\d){9,}(?![\p{L}\p{N}])/gu;
const PHONE_PLUS = /\+\d(?:[ \u00a0\t()-]{0,3}\d){5,}/gu;
const PHONE_LOCAL = /(?<![\p{N}-])\d{2,3}-\d{2}-\d{2}(?![\p{N}-])/gu;
const EMAIL = /[^\s@«»"'<>()[\],;:]+@[^\s@«»"'<>()[\],;:]+/gu;

/** Anything shaped like a phone number or an e-mail address, masked. */
export function maskContacts(text: string): string {
  if (!/\d{2}|@/.test(text)) return text;
  return text
    .replace(EMAIL, HIDDEN)
    .replace(PHONE_LONG, HIDDEN)
    .replace(PHONE_PLUS, HIDDEN)
    .replace(PHONE_LOCAL, HIDDEN);
}

/** Values of personal fields and words of names cut from a text. */
function cutPersonal(text: string, index: PersonalIndex): string {
  // Only the values that occur in the text, found by where they could start: trying each of
  // 100 000 values on every text of the dashboard took a second.
  const found = new Set<string>();
  for (let i = 0; i + START <= text.length; i++) {
    const candidates = index.byStart.get(text.slice(i, i + START));
    if (candidates) for (const v of candidates) if (text.startsWith(v, i)) found.add(v);
  }
  let out = text;
  for (const v of [...found].sort((a, b) => b.length - a.length))
    if (out.includes(v)) out = out.split(v).join(HIDDEN);
  if (index.words.size > 0) {
    out = out.replace(/[\p{L}]+(?:-[\p{L}]+)*/gu, (w) =>
      w.length >= 3 && index.words.has(wordKey(w)) ? HIDDEN : w,
    );
  }
  return out;
}

/** Any text for the public: personal values and name words cut, contacts masked. */
export function redactText(text: string, index: PersonalIndex): string {
  return maskContacts(cutPersonal(text, index));
}

/** True when a text the public would read is, or names, a person (a contact in it is only masked). */
export function isPersonalText(text: string, index: PersonalIndex): boolean {
  const t = text.trim();
  return looksLikePersonName(t) || cutPersonal(t, index) !== t;
}

/** The issue as the public may read it. */
export function publicIssueText(issue: PlacedIssue, index: PersonalIndex): string {
  let message = issue.message;
  if (isPersonalIssue(issue)) {
    // About a personal field, any quote in the message is the value: the place stays, the quotes go.
    message = message.replace(/«[^»]*»/g, HIDDEN_QUOTE);
  } else if (issue.sheet !== undefined && issue.row !== undefined) {
    const templateId = index.rowPersonalSheets.get(sheetKey(issue.file, issue.sheet));
    const own = templateId ? OWN_WORDS.get(templateId) : undefined;
    if (own)
      message = message.replace(/«([^»]*)»/g, (quote, inner: string) =>
        own.has(inner) ? quote : HIDDEN_QUOTE,
      );
  }
  return redactText(formatIssue({ ...issue, message }), index);
}
