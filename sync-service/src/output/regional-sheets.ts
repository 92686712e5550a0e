/**
 * The regional workbook as data: an ordered list of sheets with Russian names, column headers and
 * widths, and rows of cells. The .xlsx writer and the Google Sheets writer both render this one
 * model, so the two never disagree on what РМЦ sees.
 */
import { capitalize, DISTRICTS, type CellValue, type TemplateDef } from '@mmo/shared';
import { TEMPLATES } from '@mmo/templates';
import type { Consolidation, PlacedIssue } from '../model.js';
import { compareMmo, completeness, type Freshness } from '../engine/aggregate.js';
import type { ChangeSet, RecordChange } from '../engine/changes.js';
import type { AuditEntryInput } from '../store/submissions.js';
import { journalSheet } from './journal-sheet.js';
import type { SubmissionsView } from '../submissions/status.js';
import { ratesByMmo, submissionsSheet } from './submissions-sheet.js';
import { col, mmoLabel } from './cells.js';
import { declaredSheets } from '../views/index.js';

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

/** The system sheets; the forms' own sheets are named by their definitions (`regional`). */
export const SHEET_NAMES = {
  completeness: 'Полнота',
  issues: 'Ошибки',
  changes: 'Изменения',
} as const;

const DISTRICT_NOS = DISTRICTS.map((d) => d.no);

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
      capitalize(i.message),
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
  // A row about a person (a заявка's trainee, as its count declares) names them, for whoever may see it.
  const personOf = (id: string) => {
    const view = templates.find((t) => t.id === id)?.regional?.find((v) => v.kind === 'countBy');
    return view?.distinct?.person;
  };
  const describe = (c: RecordChange) => {
    const key = canSeePersonal ? personOf(c.templateId) : undefined;
    if (key === undefined || !c.cells[key]) return c.title;
    return `${c.title} — ${c.cells[key]}`;
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
  // The forms' own sheets, as their definitions declare them; then the system sheets.
  const forms = declaredSheets(templates, {
    consolidation,
    canSeePersonal: options.canSeePersonal,
    now: options.now ?? new Date(consolidation.generatedAt),
  });
  return [
    ...forms,
    completenessSheet(consolidation, templates, options.submissions),
    ...(options.submissions ? [submissionsSheet(options.submissions)] : []),
    issuesSheet(consolidation),
    changesSheet(changes, templates, options.canSeePersonal),
    ...(options.journal ? [journalSheet(options.journal, options.canSeePersonal)] : []),
  ];
}
