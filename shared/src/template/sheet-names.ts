/**
 * Tab names, one rule for every writer: the .xlsx templates, the regional workbook in .xlsx and in
 * Google Sheets, and the registry's check that no two sheets of the workbook share a name. Excel
 * forbids []:*?/\ and a quote at either end, allows 31 characters; both Excel and Google compare
 * names ignoring case, so «заявки» and «Заявки» are the same tab.
 */

/** The most characters Excel allows in a tab name. */
export const MAX_SHEET_NAME = 31;

/**
 * Sheets of the regional workbook the sync service writes itself, not from a form's declared views:
 * a form may not declare a view of one of these names.
 */
export const SYSTEM_SHEET_NAMES: readonly string[] = [
  'Полнота',
  'Сроки и приёмка',
  'Ошибки',
  'Изменения',
  'Журнал',
];

function squeeze(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
}

/** A tab name Excel and Google accept: forbidden characters become spaces, at most 31 characters. */
export function cleanSheetName(wanted: string): string {
  return squeeze(squeeze(wanted.replace(/[[\]:*?/\\]/g, ' ')).slice(0, MAX_SHEET_NAME)) || 'Лист';
}

/** The key names are compared by: Excel and Google ignore case. */
export function sheetNameKey(name: string): string {
  return name.toLowerCase();
}

/** `wanted`, cleaned, or «wanted (2)», «(3)», …: the first one `isTaken` refuses. */
export function freeSheetName(wanted: string, isTaken: (name: string) => boolean): string {
  const base = cleanSheetName(wanted);
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = `${squeeze(base.slice(0, MAX_SHEET_NAME - suffix.length))}${suffix}`;
    if (!isTaken(name)) return name;
  }
}

/** Clean, distinct names for tabs written in this order: a later duplicate becomes «name (2)». */
export function uniqueSheetNames(wanted: readonly string[], reserved: readonly string[] = []): string[] {
  const taken = new Set(reserved.map(sheetNameKey));
  return wanted.map((w) => {
    const name = freeSheetName(w, (n) => taken.has(sheetNameKey(n)));
    taken.add(sheetNameKey(name));
    return name;
  });
}
