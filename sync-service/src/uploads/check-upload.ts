/**
 * What is checked before an uploaded file replaces anything: its size, that it is an .xlsx
 * workbook at all, and that at least one sheet is a form we know. It calls the same reader and
 * template detector as the sync, so a file accepted here is read the same way there. The limit
 * itself lives in the settings (maxUploadKb), beside the other limits of the service.
 */
import type { WorkbookGrid } from '@mmo/templates/xlsx';
import { isEmptyGrid, isHelperSheet, templateDetector } from '../engine/detect-template.js';
import {
  DEFAULT_XLSX_LIMITS,
  readBoundedWorkbook,
  XlsxTooLargeError,
  type XlsxLimits,
} from '../sources/xlsx-bounds.js';

export type UploadCheck =
  | {
      readonly ok: true;
      readonly forms: readonly {
        readonly sheet: string;
        readonly form: string;
        readonly sheetName: string;
      }[];
    }
  | { readonly ok: false; readonly status: 413 | 415 | 422; readonly error: string };

/** «12 МБ», «300 КБ»: limits as people read them. */
export function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} МБ`
    : `${Math.max(1, Math.round(bytes / 1024))} КБ`;
}

export function tooLargeMessage(maxBytes: number): string {
  return `Файл слишком большой: можно не больше ${sizeLabel(maxBytes)}. Удалите из книги лишние листы и картинки или отправьте формы отдельными файлами.`;
}

export function notWorkbookMessage(fileName: string): string {
  return `Файл «${fileName}» — не книга Excel (.xlsx): откройте его в Excel, LibreOffice, Р7 или МойОфис и сохраните как «Книга Excel (.xlsx)».`;
}

/** Every .xlsx is a zip archive: «PK\x03\x04» before anything is parsed. */
function looksLikeZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

export async function checkUpload(
  bytes: Uint8Array,
  fileName: string,
  maxBytes: number,
  limits: XlsxLimits = DEFAULT_XLSX_LIMITS,
): Promise<UploadCheck> {
  if (bytes.length > maxBytes) return { ok: false, status: 413, error: tooLargeMessage(maxBytes) };
  if (bytes.length === 0)
    return {
      ok: false,
      status: 422,
      error: `Файл «${fileName}» пустой (0 байт): выберите файл с заполненной формой.`,
    };
  if (!looksLikeZip(bytes)) return { ok: false, status: 415, error: notWorkbookMessage(fileName) };
  let grids: WorkbookGrid[];
  try {
    // Bounded as the sync reads it: a few kilobytes that declare a whole-sheet merge must not take the service down.
    grids = (await readBoundedWorkbook(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits))
      .grids;
  } catch (error) {
    if (error instanceof XlsxTooLargeError)
      return { ok: false, status: 413, error: `Файл «${fileName}» не принят: ${error.message}.` };
    // The library's own text («Can't find end of central directory») means nothing to a coordinator.
    return { ok: false, status: 415, error: notWorkbookMessage(fileName) };
  }
  const detector = templateDetector();
  const forms: { sheet: string; form: string; sheetName: string }[] = [];
  const unknown: string[] = [];
  for (const g of grids) {
    if (g.hidden || isHelperSheet(g.name) || isEmptyGrid(g.grid)) continue;
    const found = detector.detect({ name: g.name, grid: g.grid });
    if (found)
      forms.push({ sheet: g.name, form: found.template.menuLabel, sheetName: found.template.sheetName });
    else unknown.push(g.name);
  }
  if (forms.length === 0) {
    const which = unknown.length
      ? `листы ${unknown.map((n) => `«${n}»`).join(', ')} не похожи ни на одну форму`
      : 'в книге нет заполненных листов';
    return {
      ok: false,
      status: 422,
      error: `В файле «${fileName}» не найдено ни одной формы: ${which}. Возьмите бланк формы (меню «ММО → Создать лист» или шаблоны РМЦ), сохраните строку заголовков таблицы и заполните его.`,
    };
  }
  return { ok: true, forms };
}
