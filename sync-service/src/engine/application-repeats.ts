/**
 * The same trainee sent to the same programme twice — twice in one file, or by two ММО: a warning
 * at the later row naming both places. «Заявки по программам» counts the person once
 * ({@link programmeDemand}); both rows stay in «Заявки», where РМЦ decides which one stands.
 */
import type { FieldDef } from '@mmo/shared';
import { repeatedPeopleForms, TEMPLATES } from '@mmo/templates';
import type { ConsolidatedSheet, Consolidation, PlacedIssue } from '../model.js';
import { applicationRows, repeatedApplications, type ApplicationRow } from './aggregate.js';

/** Per form whose rows send people to programmes: the field naming the person, and the programme's key. */
const PEOPLE: ReadonlyMap<string, { readonly person: FieldDef; readonly programme: string }> = new Map(
  repeatedPeopleForms(TEMPLATES).map((t) => [
    t.id,
    { person: t.columns.find((f) => f.key === t.repeats.person)!, programme: t.repeats.programme },
  ]),
);

function place(row: ApplicationRow): string {
  const mmo = row.mmo === null ? 'ММО не определён' : `ММО №${row.mmo}`;
  return `«${row.sheet.sourceName}», лист «${row.sheet.sheetName}», строка ${row.record.row} (${mmo})`;
}

/**
 * The last answer, by the заявка sheets it was computed from: a sync in which no заявка changed
 * hands over the same sheet objects, and 55 000 rows need not be compared again.
 */
let last: { readonly sheets: readonly ConsolidatedSheet[]; readonly issues: readonly PlacedIssue[] } | null =
  null;

/** One warning per repeated row. The field is the ФИО: the public text hides what it quotes. */
export function repeatedApplicationIssues(
  consolidation: Pick<Consolidation, 'sheets'>,
): readonly PlacedIssue[] {
  const sheets = consolidation.sheets.filter((s) => PEOPLE.has(s.templateId));
  if (last && last.sheets.length === sheets.length && last.sheets.every((s, i) => s === sheets[i]))
    return last.issues;
  const issues = findRepeats(consolidation);
  last = { sheets, issues };
  return issues;
}

function findRepeats(consolidation: Pick<Consolidation, 'sheets'>): PlacedIssue[] {
  const issues: PlacedIssue[] = [];
  for (const [row, first] of repeatedApplications(applicationRows(consolidation))) {
    const form = PEOPLE.get(row.sheet.templateId);
    if (!form) continue;
    const name = String(row.record.raw[form.person.key] ?? '').trim();
    const programme = String(first.record.raw[form.programme] ?? '').trim();
    issues.push({
      severity: 'warning',
      message: `«${name}» дважды заявлен(а) на программу «${programme}»: ${place(first)} и ${place(row)}; в «Заявках по программам» учтён(а) один раз — уберите лишнюю строку`,
      file: row.sheet.sourceName,
      sheet: row.sheet.sheetName,
      row: row.record.row,
      columnLabel: form.person.label,
      field: form.person.key,
      mmo: row.mmo,
      sourceId: row.sheet.sourceId,
    });
  }
  return issues;
}
