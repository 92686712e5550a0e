/**
 * The same trainee sent to the same programme twice — twice in one file, or by two ММО: a warning
 * at the later row naming both places. «Заявки по программам» counts the person once
 * ({@link programmeDemand}); both rows stay in «Заявки», where РМЦ decides which one stands.
 */
import { APPLICATION } from '@mmo/templates';
import type { Consolidation, PlacedIssue } from '../model.js';
import { applicationRows, repeatedApplications, type ApplicationRow } from './aggregate.js';

const NAME_FIELD = APPLICATION.columns.find((f) => f.key === 'traineeName')!;

function place(row: ApplicationRow): string {
  const mmo = row.mmo === null ? 'ММО не определён' : `ММО №${row.mmo}`;
  return `«${row.sheet.sourceName}», лист «${row.sheet.sheetName}», строка ${row.record.row} (${mmo})`;
}

/** One warning per repeated row. The field is the ФИО: the public text hides what it quotes. */
export function repeatedApplicationIssues(consolidation: Pick<Consolidation, 'sheets'>): PlacedIssue[] {
  const issues: PlacedIssue[] = [];
  for (const [row, first] of repeatedApplications(applicationRows(consolidation))) {
    const name = String(row.record.raw.traineeName ?? '').trim();
    const programme = String(first.record.raw.programme ?? '').trim();
    issues.push({
      severity: 'warning',
      message: `«${name}» дважды заявлен(а) на программу «${programme}»: ${place(first)} и ${place(row)}; в «Заявках по программам» учтён(а) один раз — уберите лишнюю строку`,
      file: row.sheet.sourceName,
      sheet: row.sheet.sheetName,
      row: row.record.row,
      columnLabel: NAME_FIELD.label,
      field: NAME_FIELD.key,
      mmo: row.mmo,
      sourceId: row.sheet.sourceId,
    });
  }
  return issues;
}
