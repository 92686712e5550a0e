/** «Сроки и приёмка» of the regional workbook: ММО × form with status, deadline, receipt and РМЦ's comment. */
import type { CellValue } from '@mmo/shared';
import type { SubmissionsView } from '../submissions/status.js';
import { col, mmoLabel } from './cells.js';
import type { RegionalSheet } from './regional-sheets.js';

export const SUBMISSIONS_SHEET = 'Сроки и приёмка';

export function submissionsSheet(view: SubmissionsView): RegionalSheet {
  const rows: CellValue[][] = view.statuses.map((s) => [
    mmoLabel(s.mmo),
    s.formLabel,
    s.changedAfterAccept ? `${s.stateLabel}, изменено после приёмки` : s.stateLabel,
    s.deadline ? new Date(`${s.deadline}T00:00:00Z`) : null,
    s.receivedAt ? new Date(s.receivedAt) : null,
    s.lastReview ? (s.lastReview.decision === 'accept' ? 'принято' : 'возвращено') : null,
    s.lastReview?.comment || null,
    s.lastReview?.by ?? null,
    s.lastReview ? new Date(s.lastReview.at) : null,
  ]);
  return {
    name: SUBMISSIONS_SHEET,
    columns: [
      col('ММО', 34),
      col('Форма', 22),
      col('Статус', 30),
      col('Срок', 12),
      col('Получено', 18),
      col('Решение РМЦ', 14),
      col('Комментарий РМЦ', 50),
      col('Кто', 20),
      col('Когда', 18),
    ],
    rows,
  };
}

/** Per ММО: «2 из 3» received and on time, for «Полнота». */
export function ratesByMmo(
  view: SubmissionsView,
): ReadonlyMap<number | null, { received: string; onTime: string }> {
  return new Map(
    view.rates.map((r) => [
      r.mmo,
      { received: `${r.received} из ${r.expected}`, onTime: `${r.onTime} из ${r.expected}` },
    ]),
  );
}
