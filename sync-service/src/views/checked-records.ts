/**
 * The `checkedRecords` kind: every row of a form that lists its rejected rows, valid or marked, with
 * a «Проверка» column («Заявки»). Personal fields are left out without the right to personal data,
 * and so is what an error about a personal cell says (its message may quote the value).
 */
import type { FieldDef, TemplateDef } from '@mmo/shared';
import { applicationRows, type ApplicationRow } from '../engine/aggregate.js';
import { hiddenFieldProblem } from '../engine/privacy.js';
import { asWritten, col, mmoLabel } from '../output/cells.js';
import type { RegionalSheet } from '../output/regional-sheets.js';
import { PLACES, type DeclaredView, type KindModule, type ViewContext, type ViewOf } from './kind.js';

/** «Проверка» of a row without errors. */
export const ROW_ACCEPTED = 'принята';

function visible(fields: readonly FieldDef[], canSeePersonal: boolean): FieldDef[] {
  return fields.filter((f) => canSeePersonal || !f.personal);
}

function rowColumns(template: TemplateDef, view: ViewOf<'checkedRecords'>): readonly FieldDef[] {
  const omit = new Set(view.omit ?? []);
  return template.layout === 'table' ? template.columns.filter((f) => !omit.has(f.key)) : [];
}

/**
 * «принята», or «ошибка: …» with every error of the row. Without the right to personal data an
 * error about a personal cell names the column only.
 */
export function checkText(
  problems: ApplicationRow['problems'],
  personal: ReadonlySet<string>,
  canSeePersonal: boolean,
): string {
  if (!problems?.length) return ROW_ACCEPTED;
  const texts = problems.map((p) => {
    if (!canSeePersonal && personal.has(p.field)) return hiddenFieldProblem(p.label);
    return p.message.includes(p.label) ? p.message : `«${p.label}»: ${p.message}`;
  });
  return `ошибка: ${texts.join('; ')}`;
}

export function checkedRecordsSheet(
  { consolidation, canSeePersonal }: ViewContext,
  [{ template, view }]: readonly [DeclaredView<'checkedRecords'>, ...DeclaredView<'checkedRecords'>[]],
): RegionalSheet {
  // The header block names who answers for the sheet; the ММО and the year have columns of their own.
  const headerFields = visible(
    template.header.filter((f) => f.type !== 'mmo' && f.type !== 'academicYear'),
    canSeePersonal,
  );
  const all = rowColumns(template, view);
  const columns = visible(all, canSeePersonal);
  const personal = new Set(all.filter((f) => f.personal).map((f) => f.key));
  return {
    name: view.sheet,
    columns: [
      col('ММО', 28),
      ...headerFields.map((f) => col(f.label, f.width ?? 28)),
      ...columns.map((f) => col(f.label, f.width ?? 24)),
      col('Проверка', 40),
      col('Источник', 30),
      col('Строка', 8),
    ],
    rows: applicationRows(consolidation, template.id).map(({ sheet, record, mmo, problems }) => [
      mmoLabel(mmo),
      ...headerFields.map((f) => asWritten(sheet.header[f.key])),
      ...columns.map((f) => asWritten(record.raw[f.key])),
      checkText(problems, personal, canSeePersonal),
      sheet.sourceName,
      record.row,
    ]),
  };
}

export const checkedRecords: KindModule<'checkedRecords'> = {
  place: PLACES.register,
  sheet: checkedRecordsSheet,
};
