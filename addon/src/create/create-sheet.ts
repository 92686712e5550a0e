/**
 * «Создать лист ▸ …»: puts a template sheet into the spreadsheet. An existing sheet of that name is
 * never cleared: the user chooses between refreshing its formatting (only empty header cells are
 * filled) and a new sheet «Name (2)».
 */
import {
  itemNumber,
  academicYearOf,
  cellText,
  freeSheetName as freeTabName,
  sheetNameKey,
  matchDistrict,
  normalizeLabel,
  parseAcademicYear,
  readSheet,
  sameItemText,
  type CellValue,
  type FieldType,
  type Grid,
  type SheetRead,
  type TemplateDef,
} from '@mmo/shared';
import { rect, type AddonEnv, type SheetPort } from '../ports.js';
import { readSettings, settingsDistrict } from '../settings/settings.js';
import { PROTECTION_DESCRIPTION, renderTemplate, type RenderContext, type SheetRender } from './render.js';

export function createTemplateSheet(env: AddonEnv, template: TemplateDef): void {
  const district = settingsDistrict(readSettings(env.props));
  const ctx: RenderContext = { academicYear: academicYearOf(env.now()), district };
  const existing = env.spreadsheet.sheet(template.sheetName);
  if (!existing) {
    createFresh(env, template, template.sheetName, ctx);
    return;
  }
  const copyName = freeSheetName(template.sheetName, env.spreadsheet.sheetNames());
  const choice = env.ui.choose(
    `Лист «${template.sheetName}» уже есть`,
    [
      `В таблице уже есть лист «${template.sheetName}». Данные в нём не будут удалены.`,
      '',
      '«Да» — обновить только оформление: заголовки, выпадающие списки, подсказки, ширину столбцов, защиту шапки. Пустые ячейки шапки будут заполнены, заполненные останутся как есть.',
      `«Нет» — создать рядом новый пустой лист «${copyName}».`,
      '«Отмена» — ничего не менять.',
    ].join('\n'),
  );
  if (choice === 'no') createFresh(env, template, copyName, ctx);
  else if (choice === 'yes') refresh(env, template, existing, ctx, copyName);
}

function createFresh(env: AddonEnv, template: TemplateDef, name: string, ctx: RenderContext): void {
  const sheet = env.spreadsheet.insertSheet(name);
  const render = renderTemplate(template, ctx);
  writeAll(sheet, render);
  applyFormatting(sheet, render);
  sheet.activate();
  const hint = ctx.district
    ? ''
    : ' ММО не выбран в настройках: выберите его в шапке листа или в «ММО → Настройки».';
  env.spreadsheet.toast(
    `Лист «${name}» создан. Заполните его и проверьте: ММО → Проверить лист.${hint}`,
    'ММО',
  );
}

function refresh(
  env: AddonEnv,
  template: TemplateDef,
  sheet: SheetPort,
  ctx: RenderContext,
  copyName: string,
): void {
  const grid = sheet.readValues();
  const name = sheet.name();
  if (isBlank(grid)) {
    const render = renderTemplate(template, ctx);
    writeAll(sheet, render);
    applyFormatting(sheet, render);
    sheet.activate();
    env.spreadsheet.toast(`Лист «${name}» оформлен по шаблону.`, 'ММО');
    return;
  }
  const read = readSheet(template, grid);
  // The sheet's own year and ММО drive its dropdowns: a 2022-2023 plan keeps 2022-2023 months.
  const yearCell = headerCellOfType(template, read.header, 'academicYear');
  const mmoCell = headerCellOfType(template, read.header, 'mmo');
  const sheetYear = yearCell ? parseAcademicYear(yearCell.value) : null;
  const sheetDistrict = mmoCell ? matchDistrict(mmoCell.value) : null;
  const render = renderTemplate(template, {
    academicYear: sheetYear ?? ctx.academicYear,
    district: ctx.district ?? sheetDistrict ?? read.titleDistrict,
  });
  const mismatch = layoutMismatch(render, grid, read.headerRow, read.columns);
  if (mismatch) {
    const again = env.ui.confirm(
      `Лист «${name}» нельзя обновить`,
      `${mismatch} Поэтому оформление по шаблону нельзя наложить, не задев данные; лист оставлен как есть.\n\nСоздать рядом новый пустой лист «${copyName}»?`,
    );
    if (again) createFresh(env, template, copyName, ctx);
    return;
  }
  sheet.ensureSize(render.size.rows, render.size.cols);
  fillEmptyHeaderCells(sheet, render, grid);
  sheet.writeValues(render.layout.tableHeaderRow, 1, [render.tableLabels], { asText: true });
  if (render.itemCells.length)
    sheet.writeValues(render.layout.firstDataRow, 1, render.itemCells, { asText: true });
  applyFormatting(sheet, render);
  sheet.activate();
  env.spreadsheet.toast(`Оформление листа «${name}» обновлено, данные не тронуты.`, 'ММО');
}

function headerCellOfType(
  template: TemplateDef,
  header: SheetRead['header'],
  type: FieldType,
): { value: CellValue } | undefined {
  const field = template.header.find((f) => f.type === type);
  return field ? header[field.key] : undefined;
}

function writeAll(sheet: SheetPort, render: SheetRender): void {
  sheet.ensureSize(render.size.rows, render.size.cols);
  sheet.writeValues(render.layout.titleRow, 1, [[render.title]], { asText: true });
  if (render.headerCells.length) {
    sheet.writeValues(
      render.headerCells[0].row,
      1,
      render.headerCells.map((c) => [c.field.label, c.value]),
      { asText: true },
    );
  }
  sheet.writeValues(render.layout.tableHeaderRow, 1, [render.tableLabels], { asText: true });
  if (render.itemCells.length)
    sheet.writeValues(render.layout.firstDataRow, 1, render.itemCells, { asText: true });
}

/** Everything but values: safe to repeat on a sheet with data. */
function applyFormatting(sheet: SheetPort, render: SheetRender): void {
  const { layout } = render;
  if (render.headerCells.length) {
    sheet.writeNotes(
      rect(render.headerCells[0].row, 1, render.headerCells.length, 1),
      render.labelNotes.map((n) => [n]),
    );
  }
  sheet.writeNotes(rect(layout.tableHeaderRow, 1, 1, render.tableNotes.length), [render.tableNotes]);
  for (const r of render.textFormats) sheet.setTextFormat(r);
  for (const v of render.validations) sheet.setListValidation(v.rect, v.rule);
  for (const s of render.styles) sheet.style(s.rect, s.style);
  sheet.freezeRows(render.frozenRows);
  for (const w of render.widths) sheet.setColumnWidth(w.col, w.pixels);
  sheet.protect(render.protections, PROTECTION_DESCRIPTION);
}

/** Title and header block on refresh: only cells that are empty now, so nothing typed is replaced. */
function fillEmptyHeaderCells(sheet: SheetPort, render: SheetRender, grid: Grid): void {
  const empty = (row: number, col: number) => cellText(grid[row - 1]?.[col - 1] ?? null) === '';
  if (empty(render.layout.titleRow, 1))
    sheet.writeValues(render.layout.titleRow, 1, [[render.title]], { asText: true });
  for (const cell of render.headerCells) {
    if (empty(cell.row, 1)) sheet.writeValues(cell.row, 1, [[cell.field.label]], { asText: true });
    if (empty(cell.row, 2) && cellText(cell.value) !== '')
      sheet.writeValues(cell.row, 2, [[cell.value]], { asText: true });
  }
}

/** Why the template's layout cannot be laid over this sheet, or null when it fits. */
function layoutMismatch(
  render: SheetRender,
  grid: Grid,
  headerRow: number | null,
  columns: Readonly<Record<string, number>>,
): string | null {
  const { layout } = render;
  const at = (row: number, col: number): CellValue => grid[row - 1]?.[col - 1] ?? null;
  if (headerRow !== layout.tableHeaderRow) {
    return headerRow === null
      ? 'В листе не найдена строка заголовков таблицы.'
      : `Строка заголовков таблицы стоит в строке ${headerRow}, а по шаблону — в строке ${layout.tableHeaderRow}.`;
  }
  for (const { field, col } of layout.columns) {
    const found = columns[field.key];
    if (found !== undefined && found !== col) return `Столбец «${field.label}» стоит не на своём месте.`;
    if (found === undefined && cellText(at(headerRow, col)) !== '') {
      return `На месте столбца «${field.label}» стоит другой столбец — «${cellText(at(headerRow, col))}».`;
    }
  }
  for (const { item, row } of layout.items) {
    const no = cellText(at(row, 1));
    const text = cellText(at(row, 2));
    const sameNo =
      no === '' ||
      normalizeLabel(no) === normalizeLabel(itemNumber(item)) ||
      normalizeLabel(no) === normalizeLabel(item.id);
    const sameText = text === '' || sameItemText(item.text, text);
    if (!sameNo || !sameText)
      return `В строке ${row} стоит не тот пункт, что в шаблоне («${item.id} ${item.text.slice(0, 40)}»).`;
  }
  return null;
}

function isBlank(grid: Grid): boolean {
  return grid.every((row) => row.every((cell) => cellText(cell) === ''));
}

/** «План ММО (2)», «План ММО (3)», …: the first name no sheet has (Sheets compares names without case). */
export function freeSheetName(base: string, taken: readonly string[]): string {
  const names = new Set([base, ...taken].map(sheetNameKey));
  return freeTabName(base, (name) => names.has(sheetNameKey(name)));
}
