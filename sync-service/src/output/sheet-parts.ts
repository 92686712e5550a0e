/**
 * The regional workbook's sheets as self-contained .xlsx parts: each sheet's XML (strings inline,
 * styles from one fixed styles.xml) deflated into a zip entry, and a cache of those entries keyed
 * by a hash of the sheet's model, so a sync that changed one sheet deflates one sheet. The XML is
 * what exceljs's streaming writer wrote for these sheets (same elements, attributes and style ids),
 * so a workbook assembled from parts reads back the same as the one exceljs wrote.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { crc32, createDeflateRaw, constants as zlibConstants } from 'node:zlib';
import { columnLetter, type CellValue } from '@mmo/shared';
import type { RegionalSheet } from './regional-sheets.js';

/** Excel refuses longer cell texts and reports the whole file as damaged. */
const MAX_CELL_TEXT = 32767;
/** Characters XML 1.0 cannot carry (pasted from old documents): they would corrupt the file. */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** What must be escaped or dropped in XML text and attributes (exceljs's set: DEL is dropped too). */
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const XML_ESCAPES: Readonly<Record<string, string>> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
};
/** Style ids of styles.xml below: 0 plain, 1 the bold header, 2 a date. */
const STYLE_HEADER = 1;
const STYLE_DATE = 2;
const MS_PER_DAY = 24 * 3600 * 1000;
/** Excel's serial of 1970-01-01 in the 1900 date system. */
const EXCEL_EPOCH = 25569;
/** exceljs's default width: a column of it is not written. */
const DEFAULT_COLUMN_WIDTH = 9;
/** XML is handed to zlib in pieces of about this many characters. */
const CHUNK_CHARS = 1 << 18;

/** Deflate level of rendered sheets; measured in the bench (writer rows). */
export const DEFLATE_LEVEL = zlibConstants.Z_BEST_SPEED;

export function xmlText(text: string): string {
  return text.replace(XML_SPECIAL, (c) => XML_ESCAPES[c] ?? '');
}

/** A string cell as written: no XML-breaking characters, no longer than Excel accepts. */
export function cleanText(value: string): string {
  const clean = value.replace(INVALID_XML, '');
  return clean.length > MAX_CELL_TEXT ? `${clean.slice(0, MAX_CELL_TEXT - 1)}…` : clean;
}

/** One <c>: '' for a cell that is not written (empty). Throws on a value no writer knows. */
function cellXml(ref: string, value: CellValue, style: number): string {
  const s = style ? ` s="${style}"` : '';
  if (value === null) return '';
  if (typeof value === 'string') return `<c r="${ref}"${s} t="str"><v>${xmlText(cleanText(value))}</v></c>`;
  if (typeof value === 'number')
    return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${String(value)}</v></c>` : '';
  if (typeof value === 'boolean') return `<c r="${ref}"${s} t="b"><v>${value ? '1' : '0'}</v></c>`;
  if (value instanceof Date) {
    const t = value.getTime();
    // exceljs kept the date format on a cell it left empty.
    if (Number.isNaN(t)) return `<c r="${ref}" s="${style || STYLE_DATE}"/>`;
    return `<c r="${ref}" s="${style || STYLE_DATE}"><v>${String(EXCEL_EPOCH + t / MS_PER_DAY)}</v></c>`;
  }
  throw new TypeError(`ячейка ${ref}: значение типа ${typeof value} не записывается`);
}

/** What exceljs counts as a value: a row of none is not written. */
function holdsValue(v: CellValue): boolean {
  if (v === null) return false;
  if (typeof v === 'number') return Number.isFinite(v);
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  return true;
}

function rowXml(number: number, values: readonly CellValue[], letters: string[], style: number): string {
  if (!values.some(holdsValue)) return '';
  let cells = '';
  for (let i = 0; i < values.length; i++) {
    while (letters.length <= i) letters.push(columnLetter(letters.length + 1));
    cells += cellXml(`${letters[i]}${number}`, values[i], style);
  }
  const s = style ? ` s="${style}" customFormat="1"` : '';
  return `<row r="${number}" spans="1:${values.length}"${s} x14ac:dyDescent="0.25">${cells}</row>`;
}

/** <cols>: adjacent columns of one width in one element, default-width columns left out. */
function colsXml(sheet: RegionalSheet): string {
  const cols: { min: number; max: number; width: number }[] = [];
  let open: { min: number; max: number; width: number } | null = null;
  sheet.columns.forEach((c, i) => {
    if (c.width === DEFAULT_COLUMN_WIDTH) open = null;
    else if (open && open.width === c.width) open.max = i + 1;
    else cols.push((open = { min: i + 1, max: i + 1, width: c.width }));
  });
  if (cols.length === 0) return '';
  const one = (c: (typeof cols)[number]) =>
    `<col min="${c.min}" max="${c.max}"${c.width ? ` width="${c.width}"` : ''} customWidth="1"/>`;
  return `<cols>${cols.map(one).join('')}</cols>`;
}

const SHEET_OPEN =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' +
  ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"' +
  ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"' +
  ' mc:Ignorable="x14ac"' +
  ' xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">' +
  // РМЦ prints these: landscape, all columns on one page width, the header row on every page
  // (the print titles are in workbook.xml); the header row frozen.
  '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
  '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
  '<selection pane="bottomLeft"/></sheetView></sheetViews>' +
  '<sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/>';
const SHEET_CLOSE =
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
  '<pageSetup paperSize="9" orientation="landscape" horizontalDpi="4294967295" verticalDpi="4294967295"' +
  ' scale="100" fitToWidth="1" fitToHeight="0"/></worksheet>';

/** The sheet's XML in pieces of about CHUNK_CHARS characters. */
export function* sheetXml(sheet: RegionalSheet): Generator<string> {
  const letters: string[] = [];
  let out = SHEET_OPEN + colsXml(sheet) + '<sheetData>';
  out += rowXml(
    1,
    sheet.columns.map((c) => c.header),
    letters,
    STYLE_HEADER,
  );
  for (let r = 0; r < sheet.rows.length; r++) {
    out += rowXml(r + 2, sheet.rows[r], letters, 0);
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = '';
    }
  }
  out += '</sheetData>';
  if (sheet.columns.length)
    out += `<autoFilter ref="A1:${columnLetter(sheet.columns.length)}${sheet.rows.length + 1}"/>`;
  yield out + SHEET_CLOSE;
}

/** A deflated zip entry's content: what the local header and the central directory need. */
export interface DeflatedPart {
  readonly data: Buffer;
  readonly crc: number;
  readonly size: number;
}

/** Deflates `chunks` (raw deflate, as zip entries carry it) with node:zlib, off the JS thread. */
export async function deflatePart(
  chunks: Iterable<string>,
  level: number = DEFLATE_LEVEL,
): Promise<DeflatedPart> {
  const deflate = createDeflateRaw({ level });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => {
    deflate.once('end', resolve);
    deflate.once('error', reject);
  });
  let crc = 0;
  let size = 0;
  for (const text of chunks) {
    const buf = Buffer.from(text, 'utf8');
    crc = crc32(buf, crc);
    size += buf.length;
    if (!deflate.write(buf)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(out), crc, size };
}

// ---------------------------------------------------------------------------------------------
// The hash of a sheet's model

const hashes = new WeakMap<RegionalSheet, string>();

function cellKey(v: CellValue): string {
  if (v === null) return 'n';
  if (typeof v === 'string') return `s${v.length}:${v}`;
  if (typeof v === 'number') return `d${v}`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (v instanceof Date) return `t${v.getTime()}`;
  return `?${typeof v}`;
}

/**
 * A digest of everything a sheet's rendering depends on: its name, columns and every cell with its
 * type (the date 2023-01-05 and the text «2023-01-05» differ). Computed once per sheet object: the
 * .xlsx and the Google writer of one sync share it.
 */
export function sheetHash(sheet: RegionalSheet): string {
  const known = hashes.get(sheet);
  if (known) return known;
  const h = createHash('sha256');
  h.update(`${sheet.name.length}:${sheet.name}|${sheet.columns.length}|`);
  for (const c of sheet.columns) h.update(`${c.header.length}:${c.header}/${c.width}|`);
  let buf = '';
  for (const row of sheet.rows) {
    buf += `\n${row.length}`;
    for (const v of row) buf += `|${cellKey(v)}`;
    if (buf.length >= CHUNK_CHARS) {
      h.update(buf);
      buf = '';
    }
  }
  h.update(buf);
  const digest = h.digest('base64url');
  hashes.set(sheet, digest);
  return digest;
}

// ---------------------------------------------------------------------------------------------
// The cache

/** What one write did with the cache: the bench and the tests read it. */
export interface PartsUse {
  /** Sheets rendered and deflated in this write. */
  readonly rendered: readonly string[];
  /** Sheets whose entry from an earlier write was reused as it was. */
  readonly reused: readonly string[];
}

/**
 * The deflated entries of the last write, by sheet hash. Only the last write's entries are kept:
 * a sheet that changed drops its old entry, so the cache never outgrows one workbook.
 */
export class SheetPartCache {
  #parts = new Map<string, DeflatedPart>();
  #last: PartsUse = { rendered: [], reused: [] };
  readonly #level: number;

  /** `level`: zlib's deflate level for the sheets rendered (the bench compares them). */
  constructor(options: { readonly level?: number } = {}) {
    this.#level = options.level ?? DEFLATE_LEVEL;
  }

  get lastWrite(): PartsUse {
    return this.#last;
  }

  /** The entries of `sheets`, reusing what an earlier write left, rendering the rest. */
  async partsOf(sheets: readonly RegionalSheet[]): Promise<DeflatedPart[]> {
    const next = new Map<string, DeflatedPart>();
    const rendered: string[] = [];
    const reused: string[] = [];
    const parts: DeflatedPart[] = [];
    for (const sheet of sheets) {
      const key = sheetHash(sheet);
      let part = next.get(key) ?? this.#parts.get(key);
      if (part) reused.push(sheet.name);
      else {
        part = await deflatePart(sheetXml(sheet), this.#level);
        rendered.push(sheet.name);
      }
      next.set(key, part);
      parts.push(part);
    }
    this.#parts = next;
    this.#last = { rendered, reused };
    return parts;
  }

  clear(): void {
    this.#parts = new Map();
  }
}

/** One cache per output file and thread: the sync writes the same workbook again and again. */
const caches = new Map<string, SheetPartCache>();

export function sheetPartCacheFor(path: string): SheetPartCache {
  let cache = caches.get(path);
  if (!cache) caches.set(path, (cache = new SheetPartCache()));
  return cache;
}

// ---------------------------------------------------------------------------------------------
// The parts around the sheets

const require = createRequire(import.meta.url);
/** The Office theme exceljs ships and writes; styles.xml refers to its colours and fonts. */
const THEME_XML = require('exceljs/lib/xlsx/xml/theme1.js') as string;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const STYLES_XML =
  XML_HEAD +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac x16r2" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main">' +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts>' +
  '<fonts count="2" x14ac:knownFonts="1"><font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font><font><b/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>' +
  '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
  '<extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext>' +
  '<ext uri="{9260A510-F301-46a8-8635-F512D64BE5F5}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:timelineStyles defaultTimelineStyle="TimeSlicerStyleLight1"/></ext></extLst></styleSheet>';

const ROOT_RELS =
  XML_HEAD +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
  '</Relationships>';

function contentTypes(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return (
    XML_HEAD +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    sheets +
    '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    '</Types>'
  );
}

function workbookRels(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) =>
      `<Relationship Id="rId${i + 3}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('');
  return (
    XML_HEAD +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>' +
    sheets +
    '</Relationships>'
  );
}

function workbookXml(names: readonly string[]): string {
  const sheets = names
    .map((n, i) => `<sheet sheetId="${i + 1}" name="${xmlText(n)}" state="visible" r:id="rId${i + 3}"/>`)
    .join('');
  // The header row printed on every page.
  const titles = names
    .map(
      (n, i) =>
        `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(`'${n.replace(/'/g, "''")}'!$1:$1`)}</definedName>`,
    )
    .join('');
  return (
    XML_HEAD +
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">' +
    '<fileVersion appName="xl" lastEdited="5" lowestEdited="5" rupBuild="9303"/><workbookPr defaultThemeVersion="164011" filterPrivacy="1"/>' +
    `<sheets>${sheets}</sheets>` +
    (titles ? `<definedNames>${titles}</definedNames>` : '') +
    '<calcPr calcId="171027"/></workbook>'
  );
}

function appXml(names: readonly string[]): string {
  return (
    XML_HEAD +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${names.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${names.length}" baseType="lpstr">${names.map((n) => `<vt:lpstr>${xmlText(n)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
    '<Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>'
  );
}

function coreXml(creator: string, at: Date): string {
  const when = `${at.toISOString().slice(0, 19)}Z`;
  return (
    XML_HEAD +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:creator>${xmlText(creator)}</dc:creator><cp:lastModifiedBy>${xmlText(creator)}</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** The zip entries of a workbook around already deflated sheets, in the order they are stored. */
export async function workbookEntries(
  names: readonly string[],
  sheets: readonly DeflatedPart[],
  creator: string,
  at: Date,
): Promise<{ name: string; part: DeflatedPart }[]> {
  const fixed: [string, string][] = [
    ['[Content_Types].xml', contentTypes(names.length)],
    ['_rels/.rels', ROOT_RELS],
    ['docProps/app.xml', appXml(names)],
    ['docProps/core.xml', coreXml(creator, at)],
    // Before the sheets: a streaming reader knows the sheet names when it reaches them.
    ['xl/workbook.xml', workbookXml(names)],
    ['xl/_rels/workbook.xml.rels', workbookRels(names.length)],
    ['xl/styles.xml', STYLES_XML],
    ['xl/theme/theme1.xml', THEME_XML],
  ];
  const entries: { name: string; part: DeflatedPart }[] = [];
  for (const [name, xml] of fixed) entries.push({ name, part: await deflatePart([xml]) });
  sheets.forEach((part, i) => entries.push({ name: `xl/worksheets/sheet${i + 1}.xml`, part }));
  return entries;
}

// ---------------------------------------------------------------------------------------------
// The zip container (no zip64: a regional workbook is far below 4 GiB)

const ZIP_LIMIT = 0xffffffff;

function dosTime(at: Date): { time: number; date: number } {
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1),
    date: (Math.max(0, at.getFullYear() - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

/** The zip file as a list of buffers: local headers and data, then the central directory. */
export function zipBuffers(entries: readonly { name: string; part: DeflatedPart }[], at: Date): Buffer[] {
  const { time, date } = dosTime(at);
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, part } of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    if (part.size > ZIP_LIMIT || part.data.length > ZIP_LIMIT || offset > ZIP_LIMIT)
      throw new RangeError('сводная книга больше 4 ГиБ: такой zip не записывается');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: deflate
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(part.crc >>> 0, 14);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(part.size, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const head = Buffer.alloc(46);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    local.copy(head, 6, 4, 30); // version needed … name length, extra length
    head.writeUInt16LE(0, 30); // comment
    head.writeUInt16LE(0, 32); // disk
    head.writeUInt16LE(0, 34); // internal attributes
    head.writeUInt32LE(0, 36); // external attributes
    head.writeUInt32LE(offset, 42);
    central.push(head, nameBuf);
    out.push(local, nameBuf, part.data);
    offset += local.length + nameBuf.length + part.data.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return [...out, ...central, end];
}
