/**
 * «Проверить лист»: reads the active sheet once, validates it with the shared rules (the same the
 * consolidator applies), marks bad cells and says what it found. The number of service calls is the
 * same for 10 rows and for 10,000: one read of values, one of notes and colours, one write of each.
 */
import {
  academicYearOf,
  columnLetter,
  ownSheetYear,
  withSettledYear,
  sheetLayout,
  validateSheet,
  type AcademicYear,
  type FormResponses,
  type Issue,
  type SheetRead,
  type SheetValidation,
  type TemplateDef,
} from '@mmo/shared';
import { rect, type AddonEnv } from '../ports.js';
import { readSettings } from '../settings/settings.js';
import { detectTemplate } from './detect.js';
import { computeMarks } from './marks.js';
import { checkSummary } from './summary.js';

export function checkActiveSheet(env: AddonEnv, templates: readonly TemplateDef[]): void {
  const sheet = env.spreadsheet.activeSheet();
  const name = sheet.name();
  const grid = sheet.readValues();
  const detected = detectTemplate(templates, name, grid);
  if (!detected) {
    env.ui.alert(
      'Проверка листа',
      `Не удалось понять, по какой форме заполнен лист «${name}»: в нём нет строки заголовков ни одной из форм.\n\n` +
        `Формы: ${templates.map((t) => `«${t.menuLabel}»`).join(', ')}.\n\n` +
        'Создайте лист по форме через «ММО → Создать лист» и перенесите в него данные.',
    );
    return;
  }
  const { template, read } = detected;
  const settingsNo = readSettings(env.props).districtNo;
  // The consolidator's year rule: the sheet's header, title or dated periods, else this academic
  // year — and, as there, a missing «Учебный год» is a warning that names the year taken, not an error.
  const own = ownSheetYear(template, read, grid);
  const year = own.year ?? academicYearOf(env.now());
  const settled = withSettledYear(template, read, {
    year,
    basis: own.year && own.basis ? own.basis : { kind: 'today' },
    tally: own.tally,
  });
  const checked = detected.responses
    ? validateResponses(template, settled.read, detected.responses, settingsNo, year)
    : validateOne(template, settled.read, settingsNo, year);
  const validation = settled.warning ? { ...checked, issues: [settled.warning, ...checked.issues] } : checked;

  // Beyond the filled rows too, down to the rows that carry dropdowns: marks left on rows emptied since must go.
  const layout = sheetLayout(template);
  const size = sheet.size();
  const widest = grid.reduce((w, row) => Math.max(w, row.length), 0);
  const lastIssueRow = validation.issues.reduce((r, i) => Math.max(r, i.row ?? 0), 0);
  const area = rect(
    1,
    1,
    Math.min(size.rows, Math.max(grid.length, layout.lastDataRow, lastIssueRow, 1)),
    Math.min(size.cols, Math.max(widest, layout.lastColumn, 1)),
  );
  const marks = computeMarks(area, validation.issues, sheet.readNotes(area), sheet.readBackgrounds(area));
  if (marks.changed) {
    sheet.writeNotes(area, marks.notes);
    sheet.writeBackgrounds(area, marks.backgrounds);
  }
  const respondents = detected.responses?.respondents.length;
  const named = detected.namedAs
    ? `\n\nПо названию листа это «${detected.namedAs.menuLabel}», а по содержанию — «${template.menuLabel}»: сводка учтёт лист как «${template.menuLabel}».`
    : '';
  env.ui.alert('Проверка листа', checkSummary(name, template, validation, respondents) + named);
}

function validateOne(
  template: TemplateDef,
  read: SheetRead,
  settingsNo: number | null,
  academicYear: AcademicYear,
): SheetValidation {
  const validated = validateSheet(template, read, { districtNo: settingsNo, academicYear });
  return {
    ...validated,
    issues: [...validated.issues, ...districtConflict(template, read, validated.districtNo, settingsNo)],
  };
}

/** A form export: every respondent checked as the questionnaire they answered, problems of the export once. */
function validateResponses(
  template: TemplateDef,
  read: SheetRead,
  responses: FormResponses,
  settingsNo: number | null,
  academicYear: AcademicYear,
): SheetValidation {
  const all = responses.respondents.map((r) => validateOne(template, r.read, settingsNo, academicYear));
  const seen = new Set<string>();
  const issues = [...read.issues];
  for (const v of all) {
    for (const i of v.issues) {
      const key = `${i.severity}\u0000${i.message}`;
      if (i.row === undefined && seen.has(key)) continue;
      seen.add(key);
      issues.push(i);
    }
  }
  return {
    header: {},
    records: all.flatMap((v) => v.records),
    rejectedRows: all.reduce((n, v) => n + v.rejectedRows, 0),
    rejected: all.flatMap((v) => v.rejected),
    issues,
    academicYear: null,
    districtNo: settingsNo,
  };
}

/**
 * A sheet that names another ММО than the spreadsheet's settings would be sent under the wrong
 * district (the service files it by the sheet): say so at the header cell before it is sent.
 */
function districtConflict(
  template: TemplateDef,
  read: SheetRead,
  sheetNo: number | null,
  settingsNo: number | null,
): Issue[] {
  if (sheetNo === null || settingsNo === null || sheetNo === settingsNo) return [];
  const field = template.header.find((f) => f.type === 'mmo');
  const cell = field ? read.header[field.key] : undefined;
  return [
    {
      severity: 'warning',
      message: `в листе указан ММО №${sheetNo}, а в настройках таблицы — ММО №${settingsNo}: исправьте шапку листа или «ММО → Настройки»`,
      row: cell?.row,
      column: cell ? columnLetter(cell.col) : undefined,
      columnLabel: field?.label,
      field: field?.key,
    },
  ];
}
