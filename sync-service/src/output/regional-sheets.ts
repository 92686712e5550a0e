/**
 * The regional workbook as data: an ordered list of sheets with Russian names, column headers and
 * widths, and rows of cells. The .xlsx writer and the Google Sheets writer both render this one
 * model, so the two never disagree on what РМЦ sees.
 */
import { DISTRICTS, formatAcademicYear, type CellValue, type FieldDef, type TemplateDef } from '@mmo/shared';
import { APPLICATION, MMO_PLAN, TEMPLATES } from '@mmo/templates';
import type { Consolidation, PlacedIssue } from '../model.js';
import {
  applicationRows,
  compareMmo,
  completeness,
  difficulties,
  eventCalendar,
  indicatorScores,
  planEvents,
  programmeDemand,
  type ApplicationRow,
  type Freshness,
} from '../engine/aggregate.js';
import type { ChangeSet, RecordChange } from '../engine/changes.js';
import type { AuditEntryInput } from '../store/submissions.js';
import { journalSheet } from './journal-sheet.js';
import type { SubmissionsView } from '../submissions/status.js';
import { ratesByMmo, submissionsSheet } from './submissions-sheet.js';
import { asWritten, col, mmoLabel } from './cells.js';
import { viewSheets } from './view-sheets.js';

export { mmoLabel };

export interface RegionalColumn {
  readonly header: string;
  /** Width in characters. */
  readonly width: number;
}

export interface RegionalSheet {
  readonly name: string;
  readonly columns: readonly RegionalColumn[];
  readonly rows: readonly (readonly CellValue[])[];
}

export interface RegionalOptions {
  /** ФИО, телефоны, e-mail: РМЦ sees them, a public dashboard does not. */
  readonly canSeePersonal: boolean;
  readonly templates?: readonly TemplateDef[];
  /** «Today» for overdue items; defaults to when the consolidation was made. */
  readonly now?: Date;
  /** The audit log for the «Журнал» sheet; without it there is no such sheet (an ММО's own workbook). */
  readonly journal?: readonly AuditEntryInput[];
  /** Deadlines and reviews: the «Сроки и приёмка» sheet and two columns of «Полнота». */
  readonly submissions?: SubmissionsView;
}

export const SHEET_NAMES = {
  applications: 'Заявки',
  programmes: 'Заявки по программам',
  difficulties: 'Затруднения',
  indicators: 'Показатели',
  calendar: 'Календарь',
  completeness: 'Полнота',
  issues: 'Ошибки',
  changes: 'Изменения',
} as const;

const DISTRICT_NOS = DISTRICTS.map((d) => d.no);

/** «Проверка» of a заявка row without errors. */
export const APPLICATION_ACCEPTED = 'принята';

function mmoColumn(mmo: number | null): string {
  return mmo === null ? 'Без ММО' : `ММО №${mmo}`;
}

function visible(fields: readonly FieldDef[], canSeePersonal: boolean): FieldDef[] {
  return fields.filter((f) => canSeePersonal || !f.personal);
}

function applicationsSheet(consolidation: Consolidation, canSeePersonal: boolean): RegionalSheet {
  // The header block names who answers for the заявка; the ММО and the year have columns of their own.
  const headerFields = visible(
    APPLICATION.header.filter((f) => f.type !== 'mmo' && f.type !== 'academicYear'),
    canSeePersonal,
  );
  const columns = visible(
    APPLICATION.columns.filter((f) => f.key !== 'no'),
    canSeePersonal,
  );
  return {
    name: SHEET_NAMES.applications,
    columns: [
      col('ММО', 28),
      ...headerFields.map((f) => col(f.label, f.width ?? 28)),
      ...columns.map((f) => col(f.label, f.width ?? 24)),
      col('Проверка', 40),
      col('Источник', 30),
      col('Строка', 8),
    ],
    rows: applicationRows(consolidation).map(({ sheet, record, mmo, problems }) => [
      mmoLabel(mmo),
      ...headerFields.map((f) => asWritten(sheet.header[f.key])),
      ...columns.map((f) => asWritten(record.raw[f.key])),
      checkText(problems, canSeePersonal),
      sheet.sourceName,
      record.row,
    ]),
  };
}

const PERSONAL_KEYS: ReadonlySet<string> = new Set(
  (APPLICATION.columns as readonly FieldDef[]).filter((f) => f.personal).map((f) => f.key),
);

/**
 * «принята», or «ошибка: …» with every error of the row. Without the right to personal data an
 * error about a personal cell names the column only: its message may quote the value.
 */
function checkText(problems: ApplicationRow['problems'], canSeePersonal: boolean): string {
  if (!problems?.length) return APPLICATION_ACCEPTED;
  const texts = problems.map((p) => {
    if (!canSeePersonal && PERSONAL_KEYS.has(p.field)) return `«${p.label}» заполнен неверно`;
    return p.message.includes(p.label) ? p.message : `«${p.label}»: ${p.message}`;
  });
  return `ошибка: ${texts.join('; ')}`;
}

function programmesSheet(consolidation: Consolidation): RegionalSheet {
  const demand = programmeDemand(applicationRows(consolidation));
  const unassigned = demand.some((d) => d.byMmo.has(null));
  const mmos: (number | null)[] = unassigned ? [...DISTRICT_NOS, null] : DISTRICT_NOS;
  return {
    name: SHEET_NAMES.programmes,
    columns: [col('Программа', 60), ...mmos.map((m) => col(mmoColumn(m), 10)), col('Всего', 10)],
    rows: demand.map((d) => [d.programme, ...mmos.map((m) => d.byMmo.get(m) ?? 0), d.total]),
  };
}

function difficultiesSheet(consolidation: Consolidation, templates: readonly TemplateDef[]): RegionalSheet {
  return {
    name: SHEET_NAMES.difficulties,
    columns: [
      col('Форма', 34),
      col('Раздел', 30),
      col('№', 8),
      col('Затруднение', 60),
      col('ММО', 28),
      col('Ответили', 10),
      col('Нужна помощь («Да» и «Скорее да»)', 16),
      col('Доля, %', 10),
    ],
    rows: difficulties(consolidation, templates).map((d) => [
      d.template.sheetName,
      d.group,
      d.item.id,
      d.item.text,
      mmoLabel(d.mmo),
      d.answered,
      d.needHelp,
      d.share,
    ]),
  };
}

function pointsText(n: number): string {
  return String(n).replace('.', ',');
}

function indicatorsSheet(consolidation: Consolidation, templates: readonly TemplateDef[]): RegionalSheet {
  return {
    name: SHEET_NAMES.indicators,
    columns: [
      col('ММО', 28),
      col('Муниципалитет', 24),
      col('Организация', 30),
      col('Форма', 30),
      col('Год (для ключевых показателей)', 12),
      col('Баллы', 10),
      col('Максимум (ограниченных критериев)', 14),
      col('Доля от максимума, %', 12),
      col('Баллы по критериям', 80),
      col('Источник', 30),
      col('Лист', 18),
    ],
    rows: indicatorScores(consolidation, templates).map((s) => [
      mmoLabel(s.mmo),
      s.municipality,
      s.organisation,
      s.template.sheetName,
      s.year,
      s.result.total,
      s.result.maxBounded,
      s.result.maxBounded ? Math.round((1000 * s.result.total) / s.result.maxBounded) / 10 : null,
      s.result.breakdown
        .map((b) => `${b.id}: ${pointsText(b.points)}${b.max !== null ? ` из ${pointsText(b.max)}` : ''}`)
        .join('; '),
      s.sheet.sourceName,
      s.sheet.sheetName,
    ]),
  };
}

function calendarSheet(consolidation: Consolidation): RegionalSheet {
  const view = eventCalendar(
    planEvents(consolidation, MMO_PLAN.id),
    consolidation.academicYear,
    DISTRICT_NOS,
  );
  return {
    name: SHEET_NAMES.calendar,
    columns: [
      col(`Месяц (${formatAcademicYear({ startYear: consolidation.academicYear })})`, 34),
      ...view.columns.map((m) => col(mmoColumn(m), 10)),
      col('Всего', 10),
    ],
    rows: view.rows.map((r) => [r.label, ...view.columns.map((m) => r.counts.get(m) ?? 0), r.total]),
  };
}

const FRESHNESS: Readonly<Record<Freshness, string>> = {
  fresh: 'актуально',
  stale: 'устарело',
  failed: 'ошибка чтения',
  missing: 'нет данных',
};

function completenessSheet(
  consolidation: Consolidation,
  templates: readonly TemplateDef[],
  submissions?: SubmissionsView,
): RegionalSheet {
  const rates = submissions ? ratesByMmo(submissions) : null;
  // Forms an ММО sends itself; the joint plan is РМЦ's own and has no ММО.
  const forms = templates.filter((t) => t.header.some((f) => f.type === 'mmo'));
  const unit = (t: TemplateDef) => (t.layout === 'table' ? 'строк' : 'листов');
  return {
    name: SHEET_NAMES.completeness,
    columns: [
      col('ММО', 34),
      col('Источники', 40),
      ...forms.map((t) => col(`${t.sheetName} (${unit(t)})`, 14)),
      col('Другие формы', 24),
      col('Строк всего', 10),
      col('Ошибок', 10),
      col('Предупреждений', 12),
      col('Последняя успешная синхронизация', 22),
      col('Состояние', 16),
      ...(rates ? [col('Сдано форм со сроком', 14), col('Сдано в срок', 14)] : []),
    ],
    rows: completeness(consolidation, DISTRICT_NOS).map((r) => {
      const others = [...r.arrived.entries()].filter(([id]) => !forms.some((t) => t.id === id));
      return [
        r.mmo === null ? 'Без ММО (РМЦ и нераспознанные)' : mmoLabel(r.mmo),
        r.sources.map((s) => s.name).join('\n') || null,
        ...forms.map((t) => {
          const a = r.arrived.get(t.id);
          return a ? (t.layout === 'table' ? a.rows : a.sheets) : 'нет';
        }),
        others
          .map(([id, a]) => `${templates.find((t) => t.id === id)?.sheetName ?? id}: ${a.rows}`)
          .join('\n') || null,
        r.rows,
        r.errors,
        r.warnings,
        r.lastSuccessAt ? new Date(r.lastSuccessAt) : null,
        FRESHNESS[r.state],
        // The row of no ММО has no deadlines (the region's totals are on «Сроки и приёмка»).
        ...(rates
          ? [
              r.mmo === null ? null : (rates.get(r.mmo)?.received ?? null),
              r.mmo === null ? null : (rates.get(r.mmo)?.onTime ?? null),
            ]
          : []),
      ];
    }),
  };
}

const SEVERITY = { error: 'ошибка', warning: 'предупреждение' } as const;

function issuesSheet(consolidation: Consolidation): RegionalSheet {
  const issues = consolidation.issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => compareMmo(a.issue.mmo, b.issue.mmo) || a.i - b.i)
    .map(({ issue }) => issue);
  return {
    name: SHEET_NAMES.issues,
    columns: [
      col('ММО', 28),
      col('Файл или таблица', 34),
      col('Лист', 20),
      col('Строка', 8),
      col('Столбец', 28),
      col('Серьёзность', 16),
      col('Сообщение', 90),
    ],
    rows: issues.map((i: PlacedIssue) => [
      mmoLabel(i.mmo),
      i.file,
      i.sheet ?? null,
      i.row || null,
      i.column ? `${i.column}${i.columnLabel ? ` «${i.columnLabel}»` : ''}` : (i.columnLabel ?? null),
      SEVERITY[i.severity],
      i.message.charAt(0).toUpperCase() + i.message.slice(1),
    ]),
  };
}

const CHANGE_KIND = { added: 'добавлено', removed: 'удалено', changed: 'изменено' } as const;
const HIDDEN = '(скрыто)';

function changesSheet(
  changes: ChangeSet | null,
  templates: readonly TemplateDef[],
  canSeePersonal: boolean,
): RegionalSheet {
  const formName = (id: string) => templates.find((t) => t.id === id)?.sheetName ?? id;
  const rows: CellValue[][] = [];
  const describe = (c: RecordChange) => {
    if (!canSeePersonal || c.templateId !== APPLICATION.id || !c.cells.traineeName) return c.title;
    return `${c.title} — ${c.cells.traineeName}`;
  };
  for (const c of changes?.changes ?? []) {
    const base = [mmoLabel(c.mmo), formName(c.templateId), CHANGE_KIND[c.kind], describe(c)];
    const where = [c.source, c.row];
    if (c.kind !== 'changed' || c.fields.length === 0) rows.push([...base, null, null, null, ...where]);
    else
      for (const f of c.fields) {
        const hide = f.personal && !canSeePersonal;
        rows.push([
          ...base,
          f.label,
          hide ? HIDDEN : f.before || null,
          hide ? HIDDEN : f.after || null,
          ...where,
        ]);
      }
  }
  if (!changes || changes.since === null)
    rows.push([null, null, null, 'Первая сводка: сравнивать пока не с чем', null, null, null, null, null]);
  else if (rows.length === 0)
    rows.push([
      null,
      null,
      null,
      `С прошлой сводки (${changes.since.slice(0, 10)}) изменений нет`,
      null,
      null,
      null,
      null,
      null,
    ]);
  return {
    name: SHEET_NAMES.changes,
    columns: [
      col('ММО', 28),
      col('Форма', 22),
      col('Изменение', 14),
      col('Запись', 60),
      col('Поле', 28),
      col('Было', 36),
      col('Стало', 36),
      col('Источник', 30),
      col('Строка', 8),
    ],
    rows,
  };
}

/** Every sheet of the regional workbook, in the order РМЦ reads them. */
export function regionalSheets(
  consolidation: Consolidation,
  changes: ChangeSet | null,
  options: RegionalOptions,
): RegionalSheet[] {
  const templates = options.templates ?? TEMPLATES;
  // The forms' own sheets: listings beside the plans, summaries beside the other summaries.
  const views = viewSheets(consolidation, templates, {
    canSeePersonal: options.canSeePersonal,
    now: options.now ?? new Date(consolidation.generatedAt),
  });
  return [
    ...views.listings,
    applicationsSheet(consolidation, options.canSeePersonal),
    programmesSheet(consolidation),
    difficultiesSheet(consolidation, templates),
    indicatorsSheet(consolidation, templates),
    ...views.summaries,
    calendarSheet(consolidation),
    completenessSheet(consolidation, templates, options.submissions),
    ...(options.submissions ? [submissionsSheet(options.submissions)] : []),
    issuesSheet(consolidation),
    changesSheet(changes, templates, options.canSeePersonal),
    ...(options.journal ? [journalSheet(options.journal, options.canSeePersonal)] : []),
  ];
}
