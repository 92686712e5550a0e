/**
 * The consolidation engine: every sheet of every source is recognised, read and validated, assigned
 * to its ММО, and every problem is placed (file, sheet, row, column, ММО). One broken sheet or file
 * never costs the others. The CLI and the service both call this; the CLI source by source
 * ({@link consolidateSource}, then {@link finishConsolidation}) to show progress.
 */
import {
  countBySeverity,
  academicYearField,
  academicYearOf,
  cellText,
  clearMajority,
  districtByNo,
  hasWrittenValue,
  isStatedYear,
  ownSheetYear,
  validateSheet,
  withSettledYear,
  type AcademicYear,
  type FormResponses,
  type Issue,
  type SheetRead,
  type SheetValidation,
  type TemplateDef,
  type YearBasis,
} from '@mmo/shared';
import { TEMPLATES } from '@mmo/templates';
import type {
  ConsolidatedSheet,
  Consolidation,
  FlaggedRecord,
  PlacedIssue,
  SourceRef,
  SourceStatus,
  SourceWorkbook,
} from '../model.js';
import { rejectedPersonalValues } from './privacy.js';
import { isEmptyGrid, isHelperSheet, templateDetector, type TemplateDetector } from './detect-template.js';
import { repeatedApplicationIssues } from './application-repeats.js';

export interface ConsolidateEntry {
  /** Null when the source could not be read and there is no earlier snapshot of it. */
  readonly workbook: SourceWorkbook | null;
  readonly status: SourceStatus;
}

export interface ConsolidateOptions {
  /** Start year of the academic year («2022-2023» → 2022) for sheets that do not say; null: from the sheets. */
  readonly academicYear?: number | null;
  readonly templates?: readonly TemplateDef[];
}

export interface ConsolidateInput extends ConsolidateOptions {
  readonly entries: readonly ConsolidateEntry[];
  readonly now?: Date;
}

/** One recognised sheet with its problems. */
export interface SheetOutcome {
  readonly sheet: ConsolidatedSheet;
  readonly issues: readonly PlacedIssue[];
  /** Why the sheet has its year; absent for forms without «Учебный год». */
  readonly yearBasis?: YearBasis;
  /**
   * Set when neither the sheet, nor its source, nor the settings name the academic year: the sheet
   * is checked again with the year the whole run settles on. Data, not a closure: a part is made in
   * a worker thread and finished in another, and structured clone drops functions.
   */
  readonly pendingYear?: PendingYearSheet;
}

/** What checking a sheet again with the run's year takes: its read rows, not its whole workbook. */
export interface PendingYearSheet {
  readonly workbook: WorkbookIdentity;
  readonly sheetName: string;
  readonly templateId: string;
  readonly read: SheetRead;
  /** Votes of its dated periods that were too split to decide, [start year, votes]. */
  readonly tally: readonly (readonly [number, number])[];
}

type WorkbookIdentity = Pick<SourceWorkbook, 'id' | 'name' | 'districtHint'>;

/** What one source contributes, ready as soon as the source is read (progress output). */
export interface SourcePart {
  readonly status: SourceStatus;
  readonly sheets: readonly SheetOutcome[];
  /** Problems of the source as a whole: unreadable, no data, no form recognised. */
  readonly issues: readonly PlacedIssue[];
}

export interface SourceTotals {
  readonly rows: number;
  readonly errors: number;
  readonly warnings: number;
}

const MMO_UNKNOWN =
  'Не удалось определить ММО: укажите округ в шапке листа («Межмуниципальный методический округ») или в имени файла';
const NO_DATA = 'в файле нет листов с данными';

function districtName(no: number): string {
  const d = districtByNo(no);
  return d ? `№${no} «${d.name}»` : `№${no}`;
}

interface SheetContext {
  readonly workbook: WorkbookIdentity;
  /** The tab's name, or «tab, строка N» for one respondent of a form export. */
  readonly sheetName: string;
  /** The tab problems are placed on, when it differs from `sheetName`. */
  readonly tab?: string;
  readonly template: TemplateDef;
  readonly read: SheetRead;
}

/** The year a sheet is checked against and why; null for a form without «Учебный год». */
interface YearDecision {
  readonly year: AcademicYear;
  readonly basis: YearBasis;
  readonly tally: ReadonlyMap<number, number>;
}

function consolidateSheet(
  ctx: SheetContext,
  decision: YearDecision | null,
  fallbackYear: number | null,
): SheetOutcome {
  const { workbook, template, sheetName } = ctx;
  let read = ctx.read;
  const mmoField = template.header.find((f) => f.type === 'mmo');
  const yearField = academicYearField(template);

  // A sheet without a readable «Учебный год» is checked against the year the rule settles on.
  const yearWritten = yearField ? hasWrittenValue(read.header[yearField.key]) : false;
  const settled = decision ? withSettledYear(template, read, decision) : null;
  if (settled) read = settled.read;

  const headerCell = mmoField ? read.header[mmoField.key] : undefined;
  const titleNo = read.titleDistrict?.no ?? null;
  const hint = workbook.districtHint;
  const fallbackNo = titleNo ?? hint;
  const contextYear = decision?.year ?? (fallbackYear !== null ? { startYear: fallbackYear } : null);
  const validation = validateSheet(template, read, {
    academicYear: contextYear,
    districtNo: fallbackNo,
  });
  const headerNo =
    mmoField && headerCell && typeof validation.header[mmoField.key] === 'number'
      ? (validation.header[mmoField.key] as number)
      : null;
  const mmo = headerNo ?? fallbackNo;

  const place = (i: Issue): PlacedIssue => ({
    ...i,
    file: workbook.name,
    sheet: ctx.tab ?? sheetName,
    mmo,
    sourceId: workbook.id,
  });
  const issues: PlacedIssue[] = [];
  const emptyMmoCell = !headerCell || cellText(headerCell.value) === '';
  for (const i of validation.issues) {
    // «Fill in the ММО» is replaced below by a message that also names the file-name way out.
    if (mmoField && mmo === null && emptyMmoCell && i.field === mmoField.key) continue;
    // A year still to be settled by the run is no missing field yet.
    if (yearField && !decision && !yearWritten && i.field === yearField.key) continue;
    issues.push(place(i));
  }
  if (settled?.warning) issues.push(place(settled.warning));
  if (mmoField) {
    if (mmo === null) {
      issues.push(
        place({
          severity: 'error',
          message: MMO_UNKNOWN,
          row: headerCell?.row || undefined,
          field: mmoField.key,
        }),
      );
    } else {
      const declared = headerNo ?? titleNo;
      if (headerNo !== null && titleNo !== null && headerNo !== titleNo) {
        issues.push(
          place({
            severity: 'warning',
            row: headerCell?.row,
            field: mmoField.key,
            message: `в шапке листа указан ММО ${districtName(headerNo)}, а в заголовке — ${districtName(titleNo)}; данные учтены за ММО ${districtName(headerNo)}`,
          }),
        );
      }
      if (declared !== null && hint !== null && declared !== hint) {
        issues.push(
          place({
            severity: 'warning',
            row: headerNo !== null ? headerCell?.row : undefined,
            field: mmoField.key,
            message: `лист относится к ММО ${districtName(declared)}, а по имени файла или настройке источника — к ММО ${districtName(hint)}; данные учтены за ММО ${districtName(declared)}`,
          }),
        );
      }
    }
  }

  const sheet: ConsolidatedSheet = {
    sourceId: workbook.id,
    sourceName: workbook.name,
    sheetName,
    templateId: template.id,
    mmo,
    header: validation.header,
    records: validation.records.map((r) =>
      r.item
        ? { row: r.row, values: r.values, raw: r.raw, itemId: r.item.id }
        : { row: r.row, values: r.values, raw: r.raw },
    ),
    rejectedRows: validation.rejectedRows,
    ...rejectedPersonal(template.id, read, validation.records),
    ...(template.layout === 'table' && template.listsRejectedRows
      ? { flagged: flaggedRows(validation.rejected) }
      : {}),
    academicYear: validation.academicYear?.startYear ?? null,
  };
  return decision ? { sheet, issues, yearBasis: decision.basis } : { sheet, issues };
}

function rejectedPersonal(
  templateId: string,
  read: SheetRead,
  accepted: readonly { readonly row: number }[],
): { rejectedPersonal?: string[] } {
  const values = rejectedPersonalValues(templateId, read.records, new Set(accepted.map((r) => r.row)));
  return values.length ? { rejectedPersonal: values } : {};
}

/** Rows with errors that still carry data beyond a row number: РМЦ sees them, marked. */
function flaggedRows(rejected: SheetValidation['rejected']): FlaggedRecord[] {
  return rejected
    .filter((r) => Object.entries(r.raw).some(([key, v]) => key !== 'no' && cellText(v) !== ''))
    .map((r) => ({ row: r.row, values: r.values, raw: r.raw, problems: r.problems }));
}

/** The sheet checked again with the run's year; the sheet itself named none. */
/**
 * A paste without a year, settled on the run's year: the same paste settled on the same year is
 * the same outcome object as last time, so the views and «Изменения» see an unchanged sheet.
 */
const settledPastes = new WeakMap<
  PendingYearSheet,
  { readonly template: TemplateDef; readonly key: string; readonly outcome: SheetOutcome }
>();

function settledOnce(
  pending: PendingYearSheet,
  template: TemplateDef,
  year: number,
  basis: YearBasis,
): SheetOutcome {
  const key = `${year}\u0000${JSON.stringify(basis)}`;
  const known = settledPastes.get(pending);
  if (known?.template === template && known.key === key) return known.outcome;
  const outcome = redoWithYear(pending, template, { startYear: year }, basis);
  settledPastes.set(pending, { template, key, outcome });
  return outcome;
}

function redoWithYear(
  pending: PendingYearSheet,
  template: TemplateDef,
  year: AcademicYear,
  basis: YearBasis,
): SheetOutcome {
  const ctx = { workbook: pending.workbook, sheetName: pending.sheetName, template, read: pending.read };
  return consolidateSheet(ctx, { year, basis, tally: new Map(pending.tally) }, null);
}

/** Recognises, reads and validates every sheet of one source. Never throws on content. */
export function consolidateSource(
  entry: ConsolidateEntry,
  options: ConsolidateOptions & { readonly detector?: TemplateDetector } = {},
): SourcePart {
  const { workbook, status } = entry;
  const detector = options.detector ?? templateDetector(options.templates ?? TEMPLATES);
  const runYear = options.academicYear ?? null;
  const issues: PlacedIssue[] = [];
  const sourceIssue = (severity: Issue['severity'], message: string, mmo: number | null): PlacedIssue => ({
    severity,
    message,
    file: status.name,
    mmo,
    sourceId: status.sourceId,
  });

  if (status.status === 'failed') {
    const reason = status.reason ?? 'источник не удалось прочитать';
    const mmo = status.mmo ?? workbook?.districtHint ?? null;
    issues.push(
      sourceIssue(
        'error',
        workbook ? `${reason}; показаны данные последней успешной синхронизации` : reason,
        mmo,
      ),
    );
  }
  if (!workbook) return { status, sheets: [], issues };
  for (const note of workbook.notes ?? []) issues.push(sourceIssue('warning', note, workbook.districtHint));

  const unrecognised: string[] = [];
  let withData = 0;
  // Form exports: one outcome per respondent, already checked.
  const answered: SheetOutcome[] = [];
  const found: {
    name: string;
    detected: NonNullable<ReturnType<TemplateDetector['detect']>>;
    own: ReturnType<typeof ownSheetYear>;
  }[] = [];
  for (const s of workbook.sheets) {
    if (isHelperSheet(s.name) || isEmptyGrid(s.grid)) continue;
    withData++;
    const detected = detector.detect(s);
    if (!detected) {
      unrecognised.push(s.name);
      issues.push({
        ...sourceIssue(
          'warning',
          `лист «${s.name}» не похож ни на одну форму: в нём нет строки заголовков ни одной из форм (их список — в меню «ММО → Создать лист»), лист пропущен`,
          workbook.districtHint,
        ),
        sheet: s.name,
      });
      continue;
    }
    if (detected.responses) {
      if (detected.responses.respondents.length === 0) {
        const message = `лист «${s.name}» — ответы формы «${detected.template.menuLabel}», но ни одного ответа в нём пока нет`;
        issues.push({ ...sourceIssue('warning', message, workbook.districtHint), sheet: s.name });
        continue;
      }
      answered.push(
        ...respondentOutcomes(
          workbook,
          s.name,
          detected.template,
          detected.read,
          detected.responses,
          runYear,
        ),
      );
      continue;
    }
    found.push({ name: s.name, detected, own: ownSheetYear(detected.template, detected.read, s.grid) });
  }

  // A sheet that names no year takes the year the other sheets of its file name.
  const siblings = new Map<number, string[]>();
  for (const f of found)
    if (f.own.year)
      siblings.set(f.own.year.startYear, [...(siblings.get(f.own.year.startYear) ?? []), f.name]);
  const sourceYear = clearMajority(new Map([...siblings].map(([y, names]) => [y, names.length])));

  const sheets: SheetOutcome[] = [...answered];
  for (const { name, detected, own } of found) {
    const { template, read } = detected;
    const ctx = { workbook, sheetName: name, template, read };
    let outcome: SheetOutcome;
    if (!academicYearField(template)) outcome = consolidateSheet(ctx, null, runYear);
    else if (own.year && own.basis)
      outcome = consolidateSheet(ctx, { year: own.year, basis: own.basis, tally: own.tally }, null);
    else if (sourceYear !== null) {
      outcome = consolidateSheet(
        ctx,
        {
          year: { startYear: sourceYear },
          basis: { kind: 'sheets', sheets: siblings.get(sourceYear) ?? [] },
          tally: own.tally,
        },
        null,
      );
    } else if (runYear !== null)
      outcome = consolidateSheet(
        ctx,
        { year: { startYear: runYear }, basis: { kind: 'setting' }, tally: own.tally },
        null,
      );
    else {
      const { id, name: fileName, districtHint } = workbook;
      const pendingYear: PendingYearSheet = {
        workbook: { id, name: fileName, districtHint },
        sheetName: name,
        templateId: template.id,
        read,
        tally: [...own.tally],
      };
      outcome = { ...consolidateSheet(ctx, null, null), pendingYear };
    }
    sheets.push(outcome);
    if (detected.namedAs) {
      const [named, foundAs] = [detected.namedAs.menuLabel, detected.template.menuLabel];
      const message = `по названию листа это «${named}», а по содержанию — «${foundAs}»: данные учтены как «${foundAs}»; проверьте, ту ли форму прислал ММО`;
      issues.push({ ...sourceIssue('warning', message, outcome.sheet.mmo), sheet: name });
    }
  }
  if (withData === 0) issues.push(sourceIssue('error', NO_DATA, status.mmo ?? workbook.districtHint));
  else if (sheets.length === 0 && unrecognised.length > 0) {
    issues.push(
      sourceIssue(
        'error',
        `в файле не найдено ни одной формы: листы ${unrecognised.map((n) => `«${n}»`).join(', ')} не распознаны`,
        status.mmo ?? workbook.districtHint,
      ),
    );
  }

  const sheetMmo = new Set(sheets.map((s) => s.sheet.mmo).filter((n): n is number => n !== null));
  const mmo = sheetMmo.size === 1 ? [...sheetMmo][0] : (status.mmo ?? workbook.districtHint);
  return { status: { ...status, mmo }, sheets, issues };
}

/**
 * A form export: every respondent is one questionnaire («Полнота» counts them), named by its row.
 * A problem without a row (no ММО anywhere, say) is the export's, not each respondent's: said once.
 */
function respondentOutcomes(
  workbook: SourceWorkbook,
  tab: string,
  template: TemplateDef,
  sheetRead: SheetRead,
  responses: FormResponses,
  runYear: number | null,
): SheetOutcome[] {
  const outcomes = responses.respondents.map((r) =>
    consolidateSheet(
      { workbook, sheetName: `${tab}, строка ${r.row}`, tab, template, read: r.read },
      null,
      runYear,
    ),
  );
  const seen = new Set<string>();
  const mmo = outcomes[0]?.sheet.mmo ?? workbook.districtHint;
  const own: PlacedIssue[] = sheetRead.issues.map((i) => ({
    ...i,
    file: workbook.name,
    sheet: tab,
    mmo,
    sourceId: workbook.id,
  }));
  const result = outcomes.map((o, n) => ({
    ...o,
    issues: [
      ...(n === 0 ? own : []),
      ...o.issues.filter((i) => {
        if (i.row !== undefined) return true;
        const key = `${i.severity}\u0000${i.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      }),
    ],
  }));
  return result;
}

const HOW_MANY: Readonly<Record<number, string>> = { 2: 'двух', 3: 'трёх', 4: 'четырёх' };

/** «План ММО №4 пришёл», «Заявка ММО №4 пришла»: the form's tab name agrees with the verb. */
function arrivedTwice(template: TemplateDef, mmo: number, names: readonly string[]): string {
  const subject = /ммо/i.test(template.sheetName)
    ? `${template.sheetName} №${mmo}`
    : `${template.sheetName} ММО №${mmo}`;
  const first = template.sheetName.split(/\s+/)[0] ?? '';
  const verb = /[ая]$/i.test(first) ? 'пришла' : /[оe]$/i.test(first) ? 'пришло' : 'пришёл';
  const count = HOW_MANY[names.length] ?? String(names.length);
  return `${subject} ${verb} из ${count} источников: ${names.map((n) => `«${n}»`).join(', ')}; учтены оба — проверьте, какой верный`;
}

/** A year the sheet says itself (header, title, its dated periods), not one it was given. */
function isOwnYear(basis: YearBasis | undefined): boolean {
  return basis !== undefined && (isStatedYear(basis) || basis.kind === 'periods');
}

/** Cross-source checks and the year of the run, once every source is in. */
export function finishConsolidation(
  parts: readonly SourcePart[],
  options: ConsolidateOptions & { readonly now?: Date } = {},
): Consolidation {
  const now = options.now ?? new Date();
  const templates = options.templates ?? TEMPLATES;
  const yearCounts = new Map<number, number>();
  // Only years the sheets name themselves count: a year a sheet was given says nothing new.
  for (const p of parts) {
    for (const s of p.sheets) {
      if (s.pendingYear || s.sheet.academicYear === null || !isOwnYear(s.yearBasis)) continue;
      yearCounts.set(s.sheet.academicYear, (yearCounts.get(s.sheet.academicYear) ?? 0) + 1);
    }
  }
  // The year most sheets name; on a tie the later one, as a new plan is more likely than a stale one.
  let fromSheets: number | null = null;
  for (const [y, n] of yearCounts) {
    const best = fromSheets === null ? 0 : (yearCounts.get(fromSheets) ?? 0);
    if (n > best || (n === best && fromSheets !== null && y > fromSheets)) fromSheets = y;
  }
  const year = options.academicYear ?? fromSheets ?? academicYearOf(now).startYear;
  const basis: YearBasis =
    options.academicYear != null
      ? { kind: 'setting' }
      : fromSheets !== null
        ? { kind: 'run' }
        : { kind: 'today' };

  const templateById = new Map(templates.map((t) => [t.id, t]));
  const outcomes = parts.map((p) =>
    p.sheets.map((s) => {
      const template = s.pendingYear && templateById.get(s.pendingYear.templateId);
      return s.pendingYear && template ? settledOnce(s.pendingYear, template, year, basis) : s;
    }),
  );

  // The same ММО sending the same one-per-ММО table twice: both are kept, the РМЦ decides.
  const byKey = new Map<string, { template: TemplateDef; mmo: number; sheets: SheetOutcome[] }>();
  for (const list of outcomes) {
    for (const o of list) {
      const t = templateById.get(o.sheet.templateId);
      if (!t || t.layout !== 'table' || o.sheet.mmo === null || !t.header.some((f) => f.type === 'mmo'))
        continue;
      const key = `${t.id}\u0000${o.sheet.mmo}`;
      const group = byKey.get(key) ?? { template: t, mmo: o.sheet.mmo, sheets: [] };
      group.sheets.push(o);
      byKey.set(key, group);
    }
  }
  const duplicateWarnings = new Map<SheetOutcome, PlacedIssue>();
  for (const g of byKey.values()) {
    const names = [...new Set(g.sheets.map((s) => s.sheet.sourceName))];
    if (new Set(g.sheets.map((s) => s.sheet.sourceId)).size < 2) continue;
    const message = arrivedTwice(g.template, g.mmo, names);
    for (const s of g.sheets) {
      duplicateWarnings.set(s, {
        severity: 'warning',
        message,
        file: s.sheet.sourceName,
        sheet: s.sheet.sheetName,
        mmo: g.mmo,
        sourceId: s.sheet.sourceId,
      });
    }
  }

  const sheets: ConsolidatedSheet[] = [];
  const issues: PlacedIssue[] = [];
  parts.forEach((p, i) => {
    for (const issue of p.issues) issues.push(issue);
    for (const o of outcomes[i]) {
      sheets.push(o.sheet);
      // A loop, not push(...): a 55 000-row заявка can carry more issues than the call stack holds.
      for (const issue of o.issues) issues.push(issue);
      const dup = duplicateWarnings.get(o);
      if (dup) issues.push(dup);
    }
  });
  for (const issue of repeatedApplicationIssues({ sheets })) issues.push(issue);
  return {
    generatedAt: now.toISOString(),
    academicYear: year,
    sources: parts.map((p) => p.status),
    sheets,
    issues,
  };
}

/**
 * The status of a source read afresh from its file, not from a snapshot: what the CLI (and the
 * bench, which times the CLI's path) hands to {@link consolidateSource}.
 */
export function freshStatus(ref: SourceRef, workbook: SourceWorkbook, at?: Date): SourceStatus {
  return {
    sourceId: ref.id,
    name: ref.name,
    mmo: ref.districtHint,
    status: 'ok',
    fromSnapshot: false,
    stale: false,
    revision: workbook.revision,
    ...(at ? { lastSuccessAt: at.toISOString() } : {}),
  };
}

/** Every source at once. */
export function consolidate(input: ConsolidateInput): Consolidation {
  const detector = templateDetector(input.templates ?? TEMPLATES);
  const parts = input.entries.map((entry) => consolidateSource(entry, { ...input, detector }));
  return finishConsolidation(parts, input);
}

/** Rows and problems per source id, for «Полнота» and the JSON report. */
export function totalsBySource(
  consolidation: Pick<Consolidation, 'sheets' | 'issues'>,
): Map<string, SourceTotals> {
  const totals = new Map<string, { rows: number; errors: number; warnings: number }>();
  const of = (id: string) => {
    let t = totals.get(id);
    if (!t) totals.set(id, (t = { rows: 0, errors: 0, warnings: 0 }));
    return t;
  };
  for (const s of consolidation.sheets) of(s.sourceId).rows += s.records.length;
  for (const i of consolidation.issues) {
    if (i.sourceId === undefined) continue;
    if (i.severity === 'error') of(i.sourceId).errors++;
    else of(i.sourceId).warnings++;
  }
  return totals;
}

/** Totals of one source as soon as it is read (progress lines). */
export function partTotals(part: SourcePart): SourceTotals {
  const issues = [...part.issues, ...part.sheets.flatMap((s) => s.issues)];
  const rows = part.sheets.reduce((n, s) => n + s.sheet.records.length, 0);
  return { rows, ...countBySeverity(issues) };
}
