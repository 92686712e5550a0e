/**
 * The template model: every sheet a user fills is data of this shape (XLSForm-like).
 * One definition is rendered to Google Sheets (addon), to .xlsx (templates/xlsx) and read back
 * by the consolidator (sync-service) through readSheet/validateSheet of this package.
 */
import type { ScoringRule } from '../scoring/rules.js';
import type { RegionalView } from './regional-view.js';
import type { ChoiceSynonyms } from './match-choice.js';

/** A cell as every adapter hands it over: Sheets API values, exceljs values, Apps Script getValues(). */
export type CellValue = string | number | boolean | Date | null;
export type Grid = readonly (readonly CellValue[])[];

export type FieldType =
  | 'text'
  | 'integer'
  | 'number'
  /** 0–100, «45», «45 %», «0,45» are all read as 45. */
  | 'percent'
  | 'date'
  /** «Сроки проведения»: free text read by parsePeriod; a month list is offered as a dropdown. */
  | 'period'
  | 'phone'
  | 'email'
  /** One value of `choices`; with `allowOther` other text is a warning, else an error. */
  | 'choice'
  /** One or more of `choices`, separated by commas, semicolons or line breaks. */
  | 'multiChoice'
  /** «Да» / «Нет». */
  | 'yesNo'
  /** One of the eight ММО (any way people write it). */
  | 'mmo'
  /** A member of an ММО (any way people write it). */
  | 'municipality'
  /** «2022-2023», «2022/2023 уч. год». */
  | 'academicYear';

export interface FieldDef {
  /** Identifier in code and in the store; never shown. */
  readonly key: string;
  /** Header text, verbatim from the seed document. */
  readonly label: string;
  readonly type: FieldType;
  readonly required?: boolean;
  readonly choices?: readonly string[];
  /**
   * Other ways people type a choice, by the choice («отсутствует» for «Нет»): read as that choice.
   * Case, punctuation and the first words of a choice need no entry (see matchChoice).
   */
  readonly synonyms?: ChoiceSynonyms;
  readonly allowOther?: boolean;
  /** Russian help shown as the header note and in «Инструкция». */
  readonly help?: string;
  /** Column width in characters. */
  readonly width?: number;
  /** Other header texts accepted when reading back (older layouts, the handbook's variants). */
  readonly aliases?: readonly string[];
  /** ФИО, телефон, e-mail: seen only by РМЦ and the ММО the row belongs to. */
  readonly personal?: boolean;
  readonly min?: number;
  readonly max?: number;
}

interface TemplateBase {
  /** Stable identifier, kebab-case: 'mmo-plan'. */
  readonly id: string;
  /** The document title, verbatim; written in the first row of the sheet. */
  readonly title: string;
  /** Tab name (at most 31 characters). */
  readonly sheetName: string;
  /** Menu item text in «Создать лист ▸». */
  readonly menuLabel: string;
  /** Where the form comes from, e.g. «Приложение №1 (seed 000)». */
  readonly source: string;
  /** Header block above the table: one «label | value» row per field. */
  readonly header: readonly FieldDef[];
  /** Lines of the «Инструкция» sheet. */
  readonly instructions: readonly string[];
  /** Other titles this form goes by, to recognise a sheet that was pasted from a document. */
  readonly titleAliases?: readonly string[];
  /** Sheets of РМЦ's regional workbook that summarise this form (one engine serves every kind). */
  readonly regional?: readonly RegionalView[];
  /**
   * Every ММО is expected to send this form: the dashboard marks «нет: …» where one has not. Only a
   * form with an ММО field in its header can be expected from each ММО.
   */
  readonly expected?: boolean;
  /** Its line in the consolidation report's `totals` (CLI); forms with one `key` add up. */
  readonly counted?: FormCount;
  /** «MM-DD»: the deadline inside each academic year when the settings name none (see README «Сроки и приёмка»). */
  readonly deadline?: string;
}

/**
 * How a form is counted in the consolidation report: `totals[key]` sums its records (a table
 * form's rows) or its sheets (one questionnaire a sheet), and the terminal's last line says
 * «<label> — n».
 */
export interface FormCount {
  /** camelCase key of `totals`: 'planEvents', 'applications'. */
  readonly key: string;
  readonly unit: 'records' | 'sheets';
  /** Genitive plural, as the report line prints it: «заявок», «анкет». */
  readonly label: string;
}

/** Whose plan a plan form is: an ММО's own, or the joint plan of the ММО with РМЦ (which is no single ММО's). */
export type PlanScope = 'mmo' | 'joint';

/** Who reads an answer of the service: anyone, the ММО the row belongs to, or РМЦ. */
export type Audience = 'public' | 'mmo' | 'rmc';

/**
 * Whether a field's values reach an audience: a `personal` field only РМЦ and the ММО the row is
 * of; every other field anyone who may read the form.
 */
export function fieldVisibleTo(field: FieldDef, audience: Audience): boolean {
  return audience !== 'public' || !field.personal;
}

/**
 * What the service's API serves of a table form's rows (GET /api/<path>): the columns, by key, in
 * order, and optionally header fields under one object (`contact: { name, phone, … }`). Personal
 * fields reach only РМЦ and the row's own ММО ({@link fieldVisibleTo}).
 */
export interface RecordsApi {
  /** The route serving the form; one form a path. */
  readonly path: 'applications';
  readonly columns: readonly string[];
  readonly header?: {
    /** The object's key in each row of the answer. */
    readonly key: string;
    /** Its keys → header field keys. */
    readonly fields: Readonly<Record<string, string>>;
  };
}

/**
 * Rows that send a person to a programme (the заявка): the same person on the same programme
 * twice is a warning at the later row and counts once.
 */
export interface RepeatedPeople {
  /** The column that identifies the person (ФИО); a personal field. */
  readonly person: string;
  readonly programme: string;
  /** Two rows of one name are one person unless their workplaces differ. */
  readonly workplace?: string;
}

/**
 * How «Изменения» knows a record again after people inserted or sorted rows: by these fields'
 * values, not by row number.
 */
export interface RecordKey {
  readonly fields: readonly string[];
  /** A looser key that pairs a removed and an added record into one change (an event whose period moved). */
  readonly loose?: readonly string[];
}

/** One row per record: a plan event, a trainee × programme. */
export interface TableTemplate extends TemplateBase {
  readonly layout: 'table';
  readonly columns: readonly FieldDef[];
  /** Every form of the registry declares it; a form without one is keyed by all its columns. */
  readonly recordKey?: RecordKey;
  /**
   * A row that fills only this column (with at most a section number such as «II» in «№») is a
   * section heading: kept in its place, not asked for the required columns.
   */
  readonly sectionField?: string;
  /**
   * Rows with errors are still listed in the regional workbook, marked with their errors, and
   * counted: a заявка row without an ФИО is still somebody sent to a course.
   */
  readonly listsRejectedRows?: boolean;
  /** A plan of events (a `title` and a `period` column): in /api/plan and the dashboard's calendar. */
  readonly plan?: PlanScope;
  readonly repeats?: RepeatedPeople;
  readonly api?: RecordsApi;
}

export interface ItemDef {
  /** Number as printed in the form («1.», «2.3», «KPI-1»); also the match key when reading back. */
  readonly id: string;
  readonly text: string;
  /** What the № column shows, when it is not the id (blank for «Выводы:», for instance). */
  readonly number?: string;
  /** A section heading row: printed, never answered. */
  readonly isGroup?: boolean;
  /** Answer columns for this item when they differ from the template's (indicator rules). */
  readonly answers?: readonly FieldDef[];
  readonly rule?: ScoringRule;
  /** Printed cells of the template's `infoColumns`, by key («Ожидаемые результаты»); never answers. */
  readonly info?: Readonly<Record<string, string>>;
}

/** Fixed rows of items answered in columns: questionnaires, checklists, indicators. */
export interface ItemsTemplate extends TemplateBase {
  readonly layout: 'items';
  /** Header of the number column, verbatim («№»). */
  readonly numberLabel: string;
  /** Header of the item text column, verbatim («Показатели»). */
  readonly itemLabel: string;
  /**
   * Read-only columns printed after the item text, filled from each item's `info` (a roadmap's
   * expected results): part of the form like the text, so readers never treat them as answers.
   */
  readonly infoColumns?: readonly FieldDef[];
  readonly answers: readonly FieldDef[];
  readonly items: readonly ItemDef[];
  /** How the seed document itself lays the form out, when a sheet may come in that shape too. */
  readonly printed?: PrintedLayout;
}

/**
 * The seed's own layout of an items form, as people retype or paste it: each choice of one answer
 * field printed as a column of its own, ticked in one of them, and a blank «______» after the title
 * filled with a header field. Such a sheet has no header block: only the title's blank says whose it is.
 */
export interface PrintedLayout {
  /** The choice field whose choices are printed as columns to mark («Затруднения»). */
  readonly markField: string;
  /** The header field written into the title's blank («Образовательная организация»). */
  readonly titleBlank?: string;
}

export type TemplateDef = TableTemplate | ItemsTemplate;

/** The columns of the table part of a sheet, in order. */
export function tableColumns(template: TemplateDef): readonly FieldDef[] {
  if (template.layout === 'table') return template.columns;
  const answerKeys = new Map<string, FieldDef>();
  for (const f of template.answers) answerKeys.set(f.key, f);
  for (const item of template.items)
    for (const f of item.answers ?? []) if (!answerKeys.has(f.key)) answerKeys.set(f.key, f);
  return [...printedColumns(template), ...answerKeys.values()];
}

/** Items layout: the columns the form prints and nobody answers — №, the item text, the info columns. */
export function printedColumns(template: ItemsTemplate): readonly FieldDef[] {
  return [
    { key: 'no', label: template.numberLabel, type: 'text', width: 8 },
    { key: 'item', label: template.itemLabel, type: 'text', width: 70 },
    ...(template.infoColumns ?? []),
  ];
}

/** The columns a user fills: every column of a table; the answer columns of an items form. */
export function answerColumns(template: TemplateDef): readonly FieldDef[] {
  if (template.layout === 'table') return template.columns;
  const printed = new Set(printedColumns(template).map((f) => f.key));
  return tableColumns(template).filter((f) => !printed.has(f.key));
}

/** What an item row prints in the printed columns, in their order: number, text, info cells. */
export function itemPrintedCells(template: ItemsTemplate, item: ItemDef): readonly string[] {
  return [
    itemNumber(item),
    item.text,
    ...(template.infoColumns ?? []).map((f) => (item.isGroup ? '' : (item.info?.[f.key] ?? ''))),
  ];
}

/** The № cell of an item row: its printed number; section headings and synthetic ids print blank. */
export function itemNumber(item: ItemDef): string {
  if (item.number !== undefined) return item.number;
  return item.isGroup ? '' : item.id;
}

/** Answer columns of one item (its own, else the template's). */
export function itemAnswers(template: ItemsTemplate, item: ItemDef): readonly FieldDef[] {
  return item.isGroup ? [] : (item.answers ?? template.answers);
}
