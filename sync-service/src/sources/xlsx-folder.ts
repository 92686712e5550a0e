/**
 * A folder of .xlsx files as a source of workbooks: what РМЦ gets by e-mail from the ММО, dropped
 * into one folder. A file's ММО is guessed from its name («ММО-4.xlsx», «mmo4_plan.xlsx»,
 * «Горный.xlsx»); the sheets may say otherwise and win. A damaged file fails alone.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { matchDistrictInName } from '@mmo/shared';
import type { SourceAdapter, SourceReadResult, SourceRef, SourceWorkerSpec } from '../model.js';
import {
  DEFAULT_XLSX_LIMITS,
  readBoundedWorkbook,
  XlsxTooLargeError,
  type XlsxLimits,
} from './xlsx-bounds.js';

export interface XlsxFolderOptions {
  /** ММО per file, by path relative to the folder (the config); wins over the file name. */
  readonly districtHints?: Readonly<Record<string, number>>;
  /** Absolute paths never to read: the regional workbook written into the same folder. */
  readonly exclude?: readonly string[];
  /** What a file may hold (xlsx-bounds.ts); a file over a limit fails alone with the reason. */
  readonly limits?: XlsxLimits;
}

/**
 * Around the parse of a changed file: `before` may refuse a revision (one that crashed its reader
 * before), `after` says the parse ended, whatever its outcome. What is left between them is a crash.
 */
export interface ReadGuard {
  before(ref: SourceRef, revision: string): Promise<string | null>;
  after(ref: SourceRef): Promise<void>;
}

/** The ММО a file name names, if exactly one: «ММО-4», «mmo4_plan», «Прорыв 2023-24», «план_Горный_итог». */
export function districtHintFromName(name: string): number | null {
  return matchDistrictInName(basename(name, extname(name)))?.no ?? null;
}

/** The ММО a folder path names: the innermost folder that names one («Входящие/Прорыв 2023-24»). */
export function districtHintFromFolder(folder: string): number | null {
  const parts = folder.split(/[\\/]+/).filter((p) => p && p !== '.');
  for (let i = parts.length - 1; i >= 0; i--) {
    const no = matchDistrictInName(parts[i])?.no;
    if (no !== undefined) return no;
  }
  return null;
}

function isWorkbookFile(name: string): boolean {
  // «~$…» are Excel's lock files of an open workbook, «.~lock…» LibreOffice's; neither holds data.
  return extname(name).toLowerCase() === '.xlsx' && !name.startsWith('~$') && !name.startsWith('.');
}

/**
 * Every workbook below `dir`, and every entry that looks like one or holds some but cannot be
 * read as a plain file: a symbolic link (never followed — it could point anywhere on the server),
 * a pipe or device named .xlsx, a subfolder the service may not open. Those are listed too, so
 * that reading them fails with a message naming them instead of their being silently left out.
 */
async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (folder: string, top: boolean): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (top) throw error;
      files.push(folder);
      return;
    }
    for (const e of entries) {
      const path = join(folder, e.name);
      if (e.isDirectory()) await walk(path, false);
      // A link to a folder has no extension: reported like a link to a workbook.
      else if (
        isWorkbookFile(e.name) ||
        (e.isSymbolicLink() && !e.name.startsWith('.') && extname(e.name) === '')
      )
        files.push(path);
    }
  };
  await walk(dir, true);
  return files;
}

/** Why an entry of the folder is not a workbook the service reads; null for a plain file. */
async function notPlainFile(path: string, name: string): Promise<string | null> {
  const info = await lstat(path).catch(() => null);
  if (!info || info.isFile()) return null;
  if (info.isSymbolicLink()) {
    return `«${name}» в папке источников — символическая ссылка, а не файл: сервис не открывает ссылки (они могут вести за пределы папки). Положите в папку сам файл`;
  }
  if (info.isDirectory())
    return `Папку «${name}» в папке источников не удалось открыть: нет прав на чтение — дайте сервису доступ к ней или уберите её`;
  return `«${name}» в папке источников — не обычный файл (канал или устройство): уберите его и положите файл .xlsx`;
}

function readFailure(name: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `Файл «${name}» не найден: его удалили или переименовали`;
  if (code === 'EACCES' || code === 'EPERM')
    return `Файл «${name}» не удалось прочитать: нет прав на чтение — дайте сервису доступ к файлу`;
  if (code === 'EISDIR') return `«${name}» — папка, а не файл .xlsx: переименуйте её`;
  return `Не удалось прочитать файл «${name}»: ${errorText(error)}`;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class XlsxFolderSource implements SourceAdapter {
  readonly dir: string;
  readonly #options: XlsxFolderOptions;

  constructor(dir: string, options: XlsxFolderOptions = {}) {
    this.dir = resolve(dir);
    this.#options = options;
  }

  get workerSpec(): SourceWorkerSpec {
    const { districtHints, exclude, limits } = this.#options;
    return {
      kind: 'xlsx-folder',
      dir: this.dir,
      ...(districtHints ? { districtHints: { ...districtHints } } : {}),
      ...(exclude ? { exclude: [...exclude] } : {}),
      ...(limits ? { limits: { ...limits } } : {}),
    };
  }

  /** Every .xlsx below the folder, in name order («ММО-2» before «ММО-10»). */
  async list(): Promise<SourceRef[]> {
    const exclude = new Set((this.#options.exclude ?? []).map((p) => resolve(p)));
    const files = (await listFiles(this.dir)).filter((f) => !exclude.has(resolve(f)));
    const refs = files.map((file) => {
      const id = relative(this.dir, file).split(sep).join('/');
      const folder = dirname(id);
      const hint =
        this.#options.districtHints?.[id] ??
        districtHintFromName(basename(file)) ??
        districtHintFromFolder(folder);
      return { id, name: id, districtHint: hint };
    });
    return refs.sort((a, b) => a.id.localeCompare(b.id, 'ru', { numeric: true }));
  }

  async read(ref: SourceRef, knownRevision: string | null, guard?: ReadGuard): Promise<SourceReadResult> {
    const path = join(this.dir, ...ref.id.split('/'));
    const refused = await notPlainFile(path, ref.name);
    if (refused) return { status: 'failed', ref, reason: refused };
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      return { status: 'failed', ref, reason: readFailure(ref.name, error) };
    }
    const revision = sha256(bytes);
    if (knownRevision === revision) return { status: 'unchanged', ref, revision };
    const crashed = guard ? await guard.before(ref, revision) : null;
    if (crashed) return { status: 'failed', ref, reason: crashed };
    try {
      return await this.parse(ref, bytes, revision);
    } finally {
      await guard?.after(ref);
    }
  }

  private async parse(ref: SourceRef, bytes: Buffer, revision: string): Promise<SourceReadResult> {
    try {
      const read = await readBoundedWorkbook(bytes, this.#options.limits ?? DEFAULT_XLSX_LIMITS);
      const sheets = read.grids.filter((g) => !g.hidden).map((g) => ({ name: g.name, grid: g.grid }));
      const notes = read.notes.map((n) => n.message);
      return {
        status: 'ok',
        workbook: {
          id: ref.id,
          name: ref.name,
          districtHint: ref.districtHint,
          revision,
          sheets,
          ...(notes.length ? { notes } : {}),
        },
      };
    } catch (error) {
      // Too large is not damaged: say what is too large and what to do.
      if (error instanceof XlsxTooLargeError)
        return { status: 'failed', ref, reason: `Файл «${ref.name}» не прочитан: ${error.message}` };
      // The library's own text («Can't find end of central directory») means nothing to a coordinator.
      return {
        status: 'failed',
        ref,
        reason: `Файл «${ref.name}» повреждён или это не книга Excel (.xlsx): откройте его в Excel или LibreOffice и сохраните заново как .xlsx`,
      };
    }
  }
}
