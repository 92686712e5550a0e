/**
 * What each field type accepts, as zod schemas with Russian messages, plus the warnings a value
 * earns without being rejected and the dropdown a sheet offers for it. Every adapter (add-on,
 * .xlsx, consolidator) goes through these, so a rule is written once.
 */
import { z } from 'zod';
import { cellText } from '../text/normalize.js';
import { DISTRICTS } from '../reference/districts.js';
import { matchDistrict, matchMunicipality } from '../reference/municipality-matcher.js';
import { parsePeriod, type AcademicYear } from '../period/parse-period.js';
import { parseAcademicYear, periodSuggestions, formatAcademicYear } from '../period/academic-year.js';
import type { CellValue, FieldDef, FieldType } from './model.js';
import { matchChoice, type ChoiceSynonyms } from './match-choice.js';

export interface FieldContext {
  /** The plan's academic year, from the header block or the caller; null when unknown. */
  readonly academicYear: AcademicYear | null;
  /** The ММО the sheet belongs to, when known: members of other ММО earn a warning. */
  readonly districtNo?: number | null;
}

/** The value a field type yields after parsing a cell. */
export type FieldValue<T extends FieldType> = T extends
  'integer' | 'number' | 'percent' | 'mmo' | 'academicYear'
  ? number
  : T extends 'yesNo'
    ? boolean
    : T extends 'multiChoice'
      ? string[]
      : string;

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** «Да» / «Нет» and how else people answer yes or no. */
const YES_NO = ['Да', 'Нет'] as const;
const YES_NO_SYNONYMS: ChoiceSynonyms = {
  Да: ['yes', 'true', 'есть', 'имеется', '+', '1', 'наличие', 'в наличии'],
  Нет: ['no', 'false', 'отсутствует', '-', '0', 'отсутствие', 'не имеется'],
};
const LIST_SPLIT = /\s*[,;\n]\s*/;

export function isEmptyCell(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && cellText(value) === '');
}

function quote(raw: unknown): string {
  const text = cellText(raw);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function toNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'boolean' || raw instanceof Date) return null;
  const text = cellText(raw).replace(/\s/g, '').replace(',', '.').replace(/%$/, '');
  if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/** A cell date (Date, Excel serial, «20.12.2022», «2022-12-20») as 'YYYY-MM-DD'. */
export function toIsoDate(raw: unknown): string | null {
  if (raw instanceof Date && !Number.isNaN(raw.getTime())) {
    return `${raw.getFullYear()}-${String(raw.getMonth() + 1).padStart(2, '0')}-${String(raw.getDate()).padStart(2, '0')}`;
  }
  if (typeof raw === 'number' && raw > 20000 && raw < 80000) {
    const d = new Date(Date.UTC(1899, 11, 30) + Math.round(raw) * 86400000);
    return d.toISOString().slice(0, 10);
  }
  const text = cellText(raw);
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (m) return valid(+m[3], +m[2], +m[1]);
  m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (m) return valid(+m[1], +m[2], +m[3]);
  return null;
}

function valid(y: number, mo: number, d: number): string | null {
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** Russian phone numbers as people write them → «+7 (928) 123-45-67», or null. */
export function normalizePhone(raw: unknown): string | null {
  let digits = (typeof raw === 'number' ? String(raw) : cellText(raw)).replace(/\D/g, '');
  if (digits.length === 10 && /^[3-9]/.test(digits)) digits = `7${digits}`;
  if (digits.length !== 11 || !/^[78]/.test(digits)) return null;
  const d = digits.slice(1);
  return `+7 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8, 10)}`;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/u;

/**
 * Splits a list cell into values. Choices that contain a comma themselves («Педагоги 1-х, 5-х
 * классов») are taken out whole first, so the comma does not cut them in two.
 */
export function splitChoices(text: string, choices: readonly string[]): string[] {
  let rest = text;
  const found: string[] = [];
  const withComma = choices.filter((c) => /[,;]/.test(c)).sort((a, b) => b.length - a.length);
  for (const c of withComma) {
    const re = new RegExp(
      c
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/[её]/gi, '[её]')
        .replace(/\s+/g, '\\s+'),
      'i',
    );
    if (re.test(rest)) {
      found.push(c);
      rest = rest.replace(re, ',');
    }
  }
  return [
    ...found,
    ...rest
      .split(LIST_SPLIT)
      .map((p) => p.trim())
      .filter(Boolean),
  ];
}

function findChoice(field: FieldDef, text: string): string | undefined {
  const m = matchChoice(text, field.choices ?? [], field.synonyms);
  return 'value' in m ? m.value : undefined;
}

const listed = (values: readonly string[]) => values.map((c) => `«${c}»`).join(', ');

function parseCell(field: FieldDef, raw: unknown): Parsed {
  const text = cellText(raw);
  switch (field.type) {
    case 'text':
      return { ok: true, value: typeof raw === 'string' ? raw.trim() : text };
    case 'integer': {
      const n = toNumber(raw);
      if (n === null || !Number.isInteger(n))
        return { ok: false, message: `нужно целое число, а здесь «${quote(raw)}»` };
      return range(field, n);
    }
    case 'number': {
      const n = toNumber(raw);
      if (n === null) return { ok: false, message: `нужно число, а здесь «${quote(raw)}»` };
      return range(field, n);
    }
    case 'percent': {
      let n = toNumber(raw);
      if (n === null)
        return { ok: false, message: `нужна доля в процентах (0–100), а здесь «${quote(raw)}»` };
      // A fraction typed into a percent-formatted cell arrives as 0.45.
      if (typeof raw === 'number' && n > 0 && n <= 1 && !Number.isInteger(n)) n = Math.round(n * 10000) / 100;
      if (n < 0 || n > 100)
        return { ok: false, message: `доля должна быть от 0 до 100 %, а здесь «${quote(raw)}»` };
      return { ok: true, value: n };
    }
    case 'date': {
      const iso = toIsoDate(raw);
      return iso
        ? { ok: true, value: iso }
        : { ok: false, message: `нужна дата вида 20.12.2022, а здесь «${quote(raw)}»` };
    }
    case 'period':
      return {
        ok: true,
        value: raw instanceof Date || typeof raw === 'number' ? (toIsoDate(raw) ?? text) : text,
      };
    case 'phone': {
      const phone = normalizePhone(raw);
      return phone
        ? { ok: true, value: phone }
        : {
            ok: false,
            message: `телефон «${quote(raw)}» не похож на российский номер: нужно 11 цифр, например +7 928 123-45-67 или 8 (8722) 67-00-00`,
          };
    }
    case 'email':
      return EMAIL.test(text)
        ? { ok: true, value: text.toLowerCase() }
        : {
            ok: false,
            message: `адрес «${quote(raw)}» не похож на электронную почту: нужен вид имя@домен.ru`,
          };
    case 'choice': {
      const m = matchChoice(text, field.choices ?? [], field.synonyms);
      if ('value' in m) return { ok: true, value: m.value };
      if (field.allowOther) return { ok: true, value: text };
      if ('ambiguous' in m) {
        return {
          ok: false,
          message: `«${quote(raw)}» подходит к нескольким ответам (${listed(m.ambiguous)}); выберите одно из: ${listed(field.choices ?? [])}`,
        };
      }
      return {
        ok: false,
        message: `«${quote(raw)}» — не из списка; выберите одно из: ${listed(field.choices ?? [])}`,
      };
    }
    case 'multiChoice': {
      const parts = splitChoices(text, field.choices ?? []).map((p) => findChoice(field, p) ?? p);
      const unknown = parts.filter((p) => !findChoice(field, p));
      if (unknown.length && !field.allowOther) {
        return {
          ok: false,
          message: `нет в списке: ${unknown.map((u) => `«${quote(u)}»`).join(', ')}; выберите из: ${(field.choices ?? []).join(', ')}`,
        };
      }
      return { ok: true, value: [...new Set(parts)] };
    }
    case 'yesNo': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const m = matchChoice(text, YES_NO, YES_NO_SYNONYMS);
      if ('value' in m) return { ok: true, value: m.value === 'Да' };
      return { ok: false, message: `ответьте «Да» или «Нет», а здесь «${quote(raw)}»` };
    }
    case 'mmo': {
      const d = matchDistrict(raw);
      return d
        ? { ok: true, value: d.no }
        : {
            ok: false,
            message: `не удалось узнать ММО «${quote(raw)}»: выберите из списка один из 8 округов`,
          };
    }
    case 'municipality': {
      const m = matchMunicipality(raw);
      return { ok: true, value: m ? m.name : text };
    }
    case 'academicYear': {
      const y = parseAcademicYear(raw);
      return y
        ? { ok: true, value: y.startYear }
        : { ok: false, message: `учебный год «${quote(raw)}» не распознан: напишите, например, 2022-2023` };
    }
  }
}

function range(field: FieldDef, n: number): Parsed {
  if (field.min !== undefined && n < field.min)
    return { ok: false, message: `число должно быть не меньше ${field.min}, а здесь ${n}` };
  if (field.max !== undefined && n > field.max)
    return { ok: false, message: `число должно быть не больше ${field.max}, а здесь ${n}` };
  return { ok: true, value: n };
}

// Definitions are static data: one schema per field object serves every cell of every sheet.
const schemaCache = new WeakMap<FieldDef, z.ZodType>();

/** The zod schema of one cell of this field: empty → null (an error when required), else the parsed value. */
export function fieldSchema<F extends FieldDef>(field: F): z.ZodType<FieldValue<F['type']> | null> {
  let schema = schemaCache.get(field);
  if (!schema) {
    schema = buildFieldSchema(field);
    schemaCache.set(field, schema);
  }
  return schema as z.ZodType<FieldValue<F['type']> | null>;
}

function buildFieldSchema(field: FieldDef): z.ZodType {
  return z
    .custom<CellValue>(
      (v) =>
        v === undefined ||
        v === null ||
        ['string', 'number', 'boolean'].includes(typeof v) ||
        v instanceof Date,
      {
        message: 'недопустимое значение ячейки',
      },
    )
    .transform((raw, ctx) => {
      if (isEmptyCell(raw)) {
        if (field.required)
          ctx.addIssue({ code: 'custom', message: `заполните «${field.label}» — это обязательное поле` });
        return null;
      }
      const parsed = parseCell(field, raw);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.message });
        return z.NEVER;
      }
      return parsed.value;
    });
}

type RowOf<F extends readonly FieldDef[]> = { [K in F[number] as K['key']]: FieldValue<K['type']> | null };

/** The schema of a whole row (record or header block): keys of the fields, parsed values. */
export function rowSchema<const F extends readonly FieldDef[]>(fields: F): z.ZodType<RowOf<F>> {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) shape[f.key] = fieldSchema(f);
  return z.object(shape) as unknown as z.ZodType<RowOf<F>>;
}

/** Warnings a valid value still earns: unknown list values, periods outside the year, members of another ММО. */
export function fieldWarnings(field: FieldDef, raw: unknown, ctx: FieldContext): string[] {
  if (isEmptyCell(raw)) return [];
  const text = cellText(raw);
  switch (field.type) {
    case 'period': {
      if (!ctx.academicYear) return [];
      return [...parsePeriod(raw as CellValue, ctx.academicYear).warnings];
    }
    case 'choice':
      if (field.allowOther && !findChoice(field, text)) {
        return [`значения «${quote(raw)}» нет в списке: проверьте написание или выберите вариант из списка`];
      }
      return [];
    case 'multiChoice': {
      if (!field.allowOther) return [];
      const unknown = splitChoices(text, field.choices ?? []).filter((p) => !findChoice(field, p));
      return unknown.length
        ? [
            `нет в списке: ${unknown.map((u) => `«${quote(u)}»`).join(', ')} — проверьте написание или выберите из списка`,
          ]
        : [];
    }
    case 'municipality': {
      const m = matchMunicipality(raw);
      if (!m)
        return [`муниципалитет «${quote(raw)}» не найден среди муниципалитетов ММО: проверьте написание`];
      if (ctx.districtNo && m.districtNo !== ctx.districtNo) {
        return [`«${m.displayName}» входит в ММО №${m.districtNo}, а лист — ММО №${ctx.districtNo}`];
      }
      return [];
    }
    default:
      return [];
  }
}

export interface Dropdown {
  readonly values: readonly string[];
  /** True where free text is allowed: the sheet accepts it and «Проверить лист» explains. */
  readonly allowInvalid: boolean;
}

/** The dropdown a sheet offers for this field, or null. */
export function dropdownFor(field: FieldDef, ctx: FieldContext): Dropdown | null {
  switch (field.type) {
    case 'choice':
      return { values: field.choices ?? [], allowInvalid: !!field.allowOther };
    case 'multiChoice':
      // A list validation holds one value; several are typed with commas and checked by «Проверить лист».
      return { values: field.choices ?? [], allowInvalid: true };
    case 'yesNo':
      return { values: ['Да', 'Нет'], allowInvalid: false };
    case 'mmo':
      return { values: DISTRICTS.map((d) => d.label), allowInvalid: true };
    case 'municipality': {
      const members = DISTRICTS.filter((d) => !ctx.districtNo || d.no === ctx.districtNo).flatMap(
        (d) => d.municipalities,
      );
      return { values: members.map((m) => m.displayName), allowInvalid: true };
    }
    case 'period':
      return ctx.academicYear ? { values: periodSuggestions(ctx.academicYear), allowInvalid: true } : null;
    case 'academicYear': {
      const start = ctx.academicYear?.startYear ?? 2022;
      return {
        values: [0, 1, 2, 3, 4].map((i) => formatAcademicYear({ startYear: start + i })),
        allowInvalid: true,
      };
    }
    default:
      return null;
  }
}
