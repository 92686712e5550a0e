/** The dialog «Проверить лист» ends with: how many errors and warnings, column by column, and the first of them. */
import {
  countBySeverity,
  formatIssue,
  pluralWord,
  type Issue,
  type SheetValidation,
  type TemplateDef,
} from '@mmo/shared';
import { columnNumber } from './marks.js';

/** How many messages the dialog lists in full; the rest are in the cells' notes. */
const LISTED = 10;

export function countText(errors: number, warnings: number): string {
  return `${errors} ${pluralWord(errors, ['ошибка', 'ошибки', 'ошибок'])}, ${warnings} ${pluralWord(warnings, ['предупреждение', 'предупреждения', 'предупреждений'])}`;
}

/** Only what there is: «2 ошибки», «1 предупреждение», «2 ошибки, 1 предупреждение». */
function shortCountText(errors: number, warnings: number): string {
  const parts = [];
  if (errors) parts.push(`${errors} ${pluralWord(errors, ['ошибка', 'ошибки', 'ошибок'])}`);
  if (warnings)
    parts.push(`${warnings} ${pluralWord(warnings, ['предупреждение', 'предупреждения', 'предупреждений'])}`);
  return parts.join(', ');
}

/** @param respondents set for a form export: how many people answered, each one questionnaire. */
export function checkSummary(
  sheetName: string,
  template: TemplateDef,
  validation: SheetValidation,
  respondents?: number,
): string {
  const { errors, warnings } = countBySeverity(validation.issues);
  const rows = validation.records.length + validation.rejectedRows;
  const counted =
    respondents !== undefined
      ? `Ответы формы: ${respondents} ${pluralWord(respondents, ['анкета', 'анкеты', 'анкет'])} (по анкете на строку).`
      : template.layout === 'items'
        ? `Пунктов формы: ${rows}.`
        : `Строк с данными: ${rows}.`;
  const head = `Лист «${sheetName}» проверен по форме «${template.menuLabel}».\n${counted}`;
  if (errors + warnings === 0) return `${head}\n\nОшибок и предупреждений нет — лист можно отправлять в РМЦ.`;

  const byColumn = new Map<string, { order: number; label: string; errors: number; warnings: number }>();
  for (const issue of validation.issues) {
    const key = `${issue.column ?? ''}\u0000${issue.columnLabel ?? ''}`;
    const group = byColumn.get(key) ?? {
      order: issue.column ? columnNumber(issue.column) : 0,
      label: issue.column
        ? `Столбец ${issue.column}${issue.columnLabel ? ` «${issue.columnLabel}»` : ''}`
        : 'Лист в целом',
      errors: 0,
      warnings: 0,
    };
    if (issue.severity === 'error') group.errors++;
    else group.warnings++;
    byColumn.set(key, group);
  }
  const columns = [...byColumn.values()]
    .sort((a, b) => a.order - b.order)
    .map((g) => `• ${g.label}: ${shortCountText(g.errors, g.warnings)}`);

  // Errors first, problems of the whole sheet before those of single cells.
  const listed = [...validation.issues]
    .sort((a, b) => rank(a) - rank(b) || (a.row ?? 0) - (b.row ?? 0))
    .slice(0, LISTED)
    .map((i: Issue) => `• ${formatIssue(i)}`);
  const rest = validation.issues.length - listed.length;
  return [
    head,
    `Найдено: ${countText(errors, warnings)}${validation.rejectedRows ? `; строк с ошибками: ${validation.rejectedRows}` : ''}.`,
    '',
    'По столбцам:',
    ...columns,
    '',
    'Ячейки с замечаниями выделены цветом (красным — ошибки, жёлтым — предупреждения), в примечании к ячейке — что исправить.',
    '',
    'Первые замечания:',
    ...listed,
    ...(rest > 0 ? [`…и ещё ${rest} — смотрите примечания в выделенных ячейках.`] : []),
  ].join('\n');
}

function rank(issue: Issue): number {
  return (issue.severity === 'error' ? 0 : 2) + (issue.row ? 1 : 0);
}
