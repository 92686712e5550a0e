/**
 * «Журнал» of the regional workbook: the audit log — receipts, changes, reviews, uploads, letters —
 * oldest first. The workbook is РМЦ's, so personal values stay unless the reader may not see them.
 */
import type { CellValue } from '@mmo/shared';
import { templateById } from '@mmo/templates';
import type { AuditEntryInput } from '../store/submissions.js';
import { col, mmoLabel } from './cells.js';
import type { RegionalSheet } from './regional-sheets.js';

export const JOURNAL_SHEET = 'Журнал';
/** The newest entries a sheet holds; the API has them all. */
export const JOURNAL_MAX_ROWS = 20_000;

const KIND: Readonly<Record<AuditEntryInput['kind'], string>> = {
  received: 'получено',
  change: 'изменение',
  review: 'решение РМЦ',
  upload: 'загрузка',
  reminder: 'письмо',
};

export function journalSheet(entries: readonly AuditEntryInput[], canSeePersonal: boolean): RegionalSheet {
  const shown = entries.slice(-JOURNAL_MAX_ROWS);
  const rows: CellValue[][] = shown.map((e) => {
    const hide = e.personal && !canSeePersonal;
    return [
      new Date(e.at),
      e.actor,
      e.mmo === null ? null : mmoLabel(e.mmo),
      e.form ? (templateById(e.form)?.sheetName ?? e.form) : null,
      KIND[e.kind],
      e.what,
      e.field ?? null,
      hide ? '…скрыто…' : (e.before ?? null),
      hide ? '…скрыто…' : (e.after ?? null),
    ];
  });
  if (rows.length === 0) rows.push([null, null, null, null, null, 'Записей пока нет', null, null, null]);
  return {
    name: JOURNAL_SHEET,
    columns: [
      col('Когда', 18),
      col('Кто', 28),
      col('ММО', 28),
      col('Форма', 22),
      col('Событие', 14),
      col('Что', 60),
      col('Поле', 28),
      col('Было', 36),
      col('Стало', 36),
    ],
    rows,
  };
}
