/**
 * The entries of a zip from its central directory, inflated by node:zlib with a cap on the output:
 * the cap stops inflating as soon as it is passed, so a declared size that lies costs nothing.
 * Only what an .xlsx uses (stored or deflated; zip64 sizes, not a zip64 directory); JSZip (pure JS, no cap)
 * is what exceljs uses, and is several times slower at inflating.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  /** As declared: never trusted for allocation. */
  readonly declaredSize: number;
  readonly dataOffset: number;
}

/** Not a zip, or a damaged one. */
export class ZipFormatError extends Error {}

/** Inflated output past the cap. */
export class ZipEntryTooLarge extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const MAX32 = 0xffffffff;

/** The 8-byte values of a zip64 extra field, in their order (uncompressed, compressed, offset). */
function zip64Fields(extra: Buffer): number[] {
  for (let i = 0; i + 4 <= extra.length;) {
    const id = extra.readUInt16LE(i);
    const size = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      const values: number[] = [];
      for (let j = i + 4; j + 8 <= i + 4 + size && j + 8 <= extra.length; j += 8)
        values.push(Number(extra.readBigUInt64LE(j)));
      return values;
    }
    i += 4 + size;
  }
  return [];
}

export function zipEntries(zip: Buffer): ZipEntry[] {
  // The end record is in the last 22 + 65 535 bytes (its comment).
  const from = Math.max(0, zip.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = zip.length - 22; i >= from; i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('нет оглавления zip');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL)
      throw new ZipFormatError('оглавление zip повреждено');
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    let compressedSize = zip.readUInt32LE(at + 20);
    let declaredSize = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    let localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    if (declaredSize === MAX32 || compressedSize === MAX32 || localOffset === MAX32) {
      // Some writers mark sizes as zip64 even in small files: the real ones are in the 0x0001 extra field.
      const z64 = zip64Fields(zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
      if (declaredSize === MAX32) declaredSize = z64.shift() ?? Infinity;
      if (compressedSize === MAX32) compressedSize = z64.shift() ?? Infinity;
      if (localOffset === MAX32) localOffset = z64.shift() ?? Infinity;
    }
    at += 46 + nameLength + extraLength + commentLength;
    if (!Number.isSafeInteger(compressedSize) || !Number.isSafeInteger(localOffset))
      throw new ZipFormatError('размеры записи zip повреждены');
    if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL)
      throw new ZipFormatError('запись zip повреждена');
    const dataOffset =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    if (dataOffset + compressedSize > zip.length) throw new ZipFormatError('запись zip обрезана');
    if (name.endsWith('/')) continue;
    entries.push({ name: name.replace(/^\//, ''), method, compressedSize, declaredSize, dataOffset });
  }
  return entries;
}

/** The entry's bytes, or ZipEntryTooLarge as soon as they pass `cap`. */
export function inflateEntry(zip: Buffer, entry: ZipEntry, cap: number): Buffer {
  const raw = zip.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method === 0) {
    if (raw.length > cap) throw new ZipEntryTooLarge(entry.name);
    return raw;
  }
  if (entry.method !== 8) throw new ZipFormatError(`способ сжатия ${entry.method} не поддерживается`);
  try {
    return inflateRawSync(raw, { maxOutputLength: Math.max(1, cap) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
      throw new ZipEntryTooLarge(entry.name);
    throw new ZipFormatError(`запись «${entry.name}» не распаковывается`);
  }
}

/** One file of a zip to write: its path inside the zip and its bytes, uncompressed. */
export interface ZipFile {
  readonly name: string;
  readonly data: Buffer;
}

/**
 * A zip of `files`: stored (no `deflateLevel`) or deflated by node:zlib. A workbook whose parts were
 * already inflated here goes to exceljs stored, so its JSZip only slices the parts instead of
 * inflating them a second time in JavaScript; the tests deflate their crafted files (JSZip's own
 * deflate takes half a minute for a 300 MB sheet). Sizes stay far below 4 GiB: the read limits
 * cap a workbook at hundreds of MB.
 */
export function writeZip(
  files: readonly ZipFile[],
  options: { readonly deflateLevel?: number } = {},
): Buffer {
  const method = options.deflateLevel === undefined ? 0 : 8;
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = method === 8 ? deflateRawSync(data, { level: options.deflateLevel }) : data;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(CENTRAL, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x800, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    chunks.push(local, nameBytes, packed);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}
