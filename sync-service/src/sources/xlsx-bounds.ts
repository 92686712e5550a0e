/**
 * Bounded reading of an .xlsx before exceljs sees it. exceljs builds an object per column of a
 * `<col max>`, per cell of a merge range, and inflates every part whole: a 15 KB file declaring a
 * whole-sheet merge or `max="2000000000"` costs gigabytes. So every part is inflated here as a
 * stream and stopped at the limit, cells and shared strings are counted cheaply, and the
 * declarations that carry no values are bounded by the cells the file really holds: `<cols>` past
 * the last column dropped, merges clipped to the data (skipped past the cell budget), a dimension
 * beyond the data removed. Parts inflated here are handed on stored (see REPACK_MAX_BYTES), with
 * the bounded sheets in place of the originals.
 */
import { readWorkbookGrids, type WorkbookGrid } from '@mmo/templates/xlsx';
import { inflateEntry, writeZip, ZipEntryTooLarge, zipEntries, type ZipEntry } from './zip-entries.js';

export interface XlsxLimits {
  /** Any part of the zip after inflating (a sheet's XML, the shared strings), in MB. */
  readonly maxPartMb: number;
  /** All parts together after inflating, in MB. */
  readonly maxWorkbookMb: number;
  /** `<c>` elements of one sheet, and the cells its merges may fill. */
  readonly maxCellsPerSheet: number;
  readonly maxSheets: number;
  readonly maxSharedStrings: number;
  /** Merges of one sheet kept (exceljs checks each new merge against all earlier ones). */
  readonly maxMergesPerSheet: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = Object.freeze({
  maxPartMb: 100,
  maxWorkbookMb: 300,
  maxCellsPerSheet: 1_000_000,
  maxSheets: 200,
  maxSharedStrings: 500_000,
  maxMergesPerSheet: 10_000,
});

/** The file is readable but larger than the limits; `message` is Russian, without the file name. */
export class XlsxTooLargeError extends Error {
  override name = 'XlsxTooLargeError';
}

/** What was bounded in a file that was read anyway: a warning for the coordinator. */
export interface XlsxNote {
  readonly sheet: string;
  readonly message: string;
}

export interface BoundedXlsx {
  /** The bytes for exceljs: the original file, or a rebuilt one with the declarations bounded. */
  readonly bytes: Buffer;
  readonly notes: readonly XlsxNote[];
}

const MB = 1024 * 1024;
const EXCEL_MAX_COL = 16_384;
/** A merge this small is kept whole even past the data: a title merged over empty columns is normal. */
const SMALL_MERGE = 10_000;
/**
 * Up to this much inflated XML a workbook is handed to exceljs with its parts stored (inflated here
 * once, by node:zlib); past it, as it came, so the parts are not all held at once.
 */
const REPACK_MAX_BYTES = 64 * MB;

const SAVE_AGAIN = 'сохраните книгу заново без пустых строк и столбцов';

function unescapeXml(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-f]+));/gi,
    (m, name: string, dec?: string, hex?: string) => {
      if (dec) return String.fromCodePoint(Number(dec));
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      return (
        ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[
          name.toLowerCase()
        ] ?? m
      );
    },
  );
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unescapeXml(m[1] ?? m[2] ?? '') : undefined;
}

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function colLetters(n: number): string {
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function parseRef(ref: string): Range | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$/.exec(ref.trim());
  if (!m) return null;
  const a = { col: colNumber(m[1]), row: Number(m[2]) };
  const b = m[3] ? { col: colNumber(m[3]), row: Number(m[4]) } : a;
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}

function refText(r: Range): string {
  const a = `${colLetters(r.left)}${r.top}`;
  return r.top === r.bottom && r.left === r.right ? a : `${a}:${colLetters(r.right)}${r.bottom}`;
}

const overlaps = (a: Range, b: Range) =>
  a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;

const area = (r: Range) => (r.bottom - r.top + 1) * (r.right - r.left + 1);

function countMatches(text: string, re: RegExp): number {
  let n = 0;
  re.lastIndex = 0;
  while (re.exec(text)) n++;
  return n;
}

/** Sheet names by worksheet part, from workbook.xml and its rels (for messages only). */
function sheetNames(workbookXml: string, relsXml: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (!id || !target) continue;
    targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/'));
  }
  const names = new Map<string, string>();
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    const id = attr(m[0], 'r:id') ?? attr(m[0], '\\w+:id');
    const part = id ? targets.get(id) : undefined;
    if (name && part) names.set(part, name);
  }
  return names;
}

interface SheetResult {
  readonly xml: string | null;
  readonly notes: XlsxNote[];
}

/**
 * Bounds one sheet's XML (latin1: byte for byte, the markup is ASCII). Returns the new XML when
 * something had to change, else null.
 */
function boundSheet(xml: string, sheet: string, limits: XlsxLimits): SheetResult {
  const notes: XlsxNote[] = [];
  const cells = countMatches(xml, /<c[\s/>]/g);
  if (cells > limits.maxCellsPerSheet) {
    throw new XlsxTooLargeError(
      `лист «${sheet}» содержит ${cells.toLocaleString('ru')} ячеек — больше допустимых ${limits.maxCellsPerSheet.toLocaleString('ru')}: ${SAVE_AGAIN} или разделите лист на несколько книг`,
    );
  }
  // The extent of cells the file holds: the bound of every declaration below.
  let maxRow = 0;
  let maxCol = 0;
  let unaddressed = false;
  const cellRe = /<c\b([^>]*)>/g;
  for (let m = cellRe.exec(xml); m; m = cellRe.exec(xml)) {
    const r = /\sr\s*=\s*"\$?([A-Za-z]{1,3})\$?(\d{1,7})"/.exec(m[1]);
    if (!r) {
      unaddressed = true;
      continue;
    }
    const col = colNumber(r[1]);
    const row = Number(r[2]);
    if (col > maxCol) maxCol = col;
    if (row > maxRow) maxRow = row;
  }
  if (unaddressed) {
    // Cells placed by their order: the row count still bounds, the columns cannot be known cheaply.
    for (const m of xml.matchAll(/<row\b[^>]*\sr\s*=\s*"(\d+)"/g)) maxRow = Math.max(maxRow, Number(m[1]));
    maxRow = Math.max(maxRow, countMatches(xml, /<row[\s/>]/g));
    maxCol = EXCEL_MAX_COL;
  }
  const extent: Range = { top: 1, left: 1, bottom: Math.max(1, maxRow), right: Math.max(1, maxCol) };
  let changed = false;
  let out = xml;

  // <cols> carry widths, never values: a span past the data is dropped whole.
  out = out.replace(/<((?:\w+:)?cols)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1\s*>)/g, (block) => {
    let span = 0;
    let widest = 0;
    for (const m of block.matchAll(/<(?:\w+:)?col\b[^>]*>/g)) {
      const min = Number(attr(m[0], 'min') ?? 1);
      const max = Number(attr(m[0], 'max') ?? min);
      if (!Number.isFinite(min) || !Number.isFinite(max)) {
        span = Infinity;
        break;
      }
      span += Math.max(0, max - min + 1);
      widest = Math.max(widest, max);
    }
    if (span <= EXCEL_MAX_COL && widest <= EXCEL_MAX_COL) return block;
    changed = true;
    notes.push({
      sheet,
      message: `лист «${sheet}»: описание ширины столбцов доходит до столбца №${Number.isFinite(widest) ? widest.toLocaleString('ru') : '∞'} — оно пропущено (в нём нет данных)`,
    });
    return '';
  });

  // A declared used range past the data is only a hint: remove it.
  out = out.replace(/<(?:\w+:)?dimension\b[^>]*\/>/g, (tag) => {
    const r = parseRef(attr(tag, 'ref') ?? '');
    if (r && r.bottom <= extent.bottom && r.right <= extent.right) return tag;
    changed = true;
    notes.push({
      sheet,
      message: `лист «${sheet}»: объявленный диапазон ${attr(tag, 'ref') ?? ''} больше данных (${refText(extent)}) — учтены только данные`,
    });
    return '';
  });

  // Merges: small ones kept as they are, big ones clipped to the data, the rest past the budget skipped.
  let budget = Math.max(0, limits.maxCellsPerSheet - cells);
  const keptRanges: Range[] = [];
  let skipped = 0;
  let clipped = 0;
  const examples: string[] = [];
  out = out.replace(
    /<((?:\w+:)?mergeCells)\b[^>]*?(?:\/>|>([\s\S]*?)<\/\1\s*>)/g,
    (block, tagName: string, inner: string | undefined) => {
      if (!inner) return block;
      const merges: string[] = [];
      let blockChanged = false;
      for (const m of inner.matchAll(/<(?:\w+:)?mergeCell\b[^>]*>/g)) {
        const ref = attr(m[0], 'ref') ?? '';
        const r = parseRef(ref);
        if (!r) {
          blockChanged = true;
          skipped++;
          continue;
        }
        let use = r;
        if (area(r) > SMALL_MERGE) {
          use = {
            top: r.top,
            left: r.left,
            bottom: Math.min(r.bottom, extent.bottom),
            right: Math.min(r.right, extent.right),
          };
          if (use.bottom < use.top || use.right < use.left) {
            blockChanged = true;
            skipped++;
            if (examples.length < 3) examples.push(ref);
            continue;
          }
          if (use.bottom !== r.bottom || use.right !== r.right) {
            blockChanged = true;
            clipped++;
            if (examples.length < 3) examples.push(`${ref} → ${refText(use)}`);
          }
        }
        const cost = area(use);
        // Overlapping merges make exceljs throw (Excel repairs them away): the later one is dropped.
        if (
          cost > budget ||
          keptRanges.length >= limits.maxMergesPerSheet ||
          keptRanges.some((k) => overlaps(k, use))
        ) {
          blockChanged = true;
          skipped++;
          if (examples.length < 3) examples.push(ref);
          continue;
        }
        budget -= cost;
        keptRanges.push(use);
        merges.push(use === r ? m[0] : `<mergeCell ref="${refText(use)}"/>`);
      }
      if (!blockChanged) return block;
      changed = true;
      return merges.length ? `<${tagName} count="${merges.length}">${merges.join('')}</${tagName}>` : '';
    },
  );
  if (clipped || skipped) {
    const parts = [clipped ? `обрезано по данным: ${clipped}` : '', skipped ? `пропущено: ${skipped}` : '']
      .filter(Boolean)
      .join(', ');
    notes.push({
      sheet,
      message: `лист «${sheet}»: объединённые ячейки выходят далеко за данные (${examples.join('; ')}) — ${parts}; значения прочитаны, снимите лишние объединения`,
    });
  }
  return { xml: changed ? out : null, notes };
}

/**
 * Checks the limits of a workbook and bounds what exceljs would expand. Throws XlsxTooLargeError
 * (a readable file over a limit) or ZipFormatError (not a zip, or a damaged one).
 */
export async function boundXlsx(
  bytes: Buffer,
  limits: XlsxLimits = DEFAULT_XLSX_LIMITS,
  repackMaxBytes = REPACK_MAX_BYTES,
): Promise<BoundedXlsx> {
  const entries = zipEntries(bytes);
  const partCap = Math.floor(limits.maxPartMb * MB);
  const totalCap = Math.floor(limits.maxWorkbookMb * MB);
  let total = 0;
  const inflate = (entry: ZipEntry, what: string): Buffer => {
    const left = totalCap - total;
    try {
      const data = inflateEntry(bytes, entry, Math.min(partCap, left));
      total += data.length;
      return data;
    } catch (e) {
      if (!(e instanceof ZipEntryTooLarge)) throw e;
      throw new XlsxTooLargeError(
        left < partCap
          ? `книга после распаковки больше ${limits.maxWorkbookMb} МБ — ${SAVE_AGAIN}`
          : `${what} после распаковки больше ${limits.maxPartMb} МБ — ${SAVE_AGAIN}`,
      );
    }
  };
  const byName = new Map(entries.map((e) => [e.name, e]));
  const inflated = new Map<string, Buffer>();
  const text = (name: string) => {
    const e = byName.get(name);
    if (!e) return '';
    const data = inflate(e, `часть книги «${name}»`);
    inflated.set(name, data);
    return data.toString('utf8');
  };
  const names = sheetNames(text('xl/workbook.xml'), text('xl/_rels/workbook.xml.rels'));
  const sheetEntries = entries.filter((e) => /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name));
  if (sheetEntries.length > limits.maxSheets) {
    throw new XlsxTooLargeError(
      `в книге ${sheetEntries.length} листов — больше допустимых ${limits.maxSheets}: разделите её на несколько книг`,
    );
  }

  const notes: XlsxNote[] = [];
  const rebuilt = new Map<string, Buffer>();
  for (const entry of entries) {
    const name = entry.name;
    if (inflated.has(name)) continue;
    const isSheet = sheetEntries.includes(entry);
    const sheet = names.get(name) ?? name;
    const data = inflate(entry, isSheet ? `лист «${sheet}»` : `часть книги «${name}»`);
    if (total <= repackMaxBytes) inflated.set(name, data);
    if (/^xl\/sharedStrings\.xml$/i.test(name)) {
      const count = countMatches(data.toString('latin1'), /<(?:\w+:)?si[\s/>]/g);
      if (count > limits.maxSharedStrings) {
        throw new XlsxTooLargeError(
          `в книге ${count.toLocaleString('ru')} разных текстовых значений — больше допустимых ${limits.maxSharedStrings.toLocaleString('ru')}: разделите книгу на несколько файлов`,
        );
      }
    } else if (isSheet) {
      const result = boundSheet(data.toString('latin1'), sheet, limits);
      notes.push(...result.notes);
      if (result.xml !== null) rebuilt.set(name, Buffer.from(result.xml, 'latin1'));
    }
  }
  // A large file the limits let through goes as it is: JSZip inflates one part at a time.
  if (rebuilt.size === 0 && total > repackMaxBytes) return { bytes, notes };
  // Every part is inflated already: exceljs gets them stored, not inflated again in pure JS.
  const files = entries.map((e) => ({
    name: e.name,
    data: rebuilt.get(e.name) ?? inflated.get(e.name) ?? inflateEntry(bytes, e, partCap),
  }));
  return { bytes: writeZip(files), notes };
}

/**
 * The one way a workbook people send is read, a file in the sources folder or an upload alike:
 * bounded first, then exceljs. Throws as boundXlsx does, or exceljs's error for a damaged file.
 */
export async function readBoundedWorkbook(
  bytes: Buffer,
  limits: XlsxLimits = DEFAULT_XLSX_LIMITS,
): Promise<{ readonly grids: WorkbookGrid[]; readonly notes: readonly XlsxNote[] }> {
  const bounded = await boundXlsx(bytes, limits);
  return { grids: await readWorkbookGrids(bounded.bytes), notes: bounded.notes };
}
