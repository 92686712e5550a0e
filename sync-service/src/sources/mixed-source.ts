/**
 * One service, several kinds of source at once: per ММО the settings say whether its data comes
 * from its Google spreadsheet, from the file it uploads, or from files put into the sources folder.
 *
 * - google: the spreadsheet of the Google settings; files of that ММО in the folder are not read.
 * - upload (default without a spreadsheet): the files it uploaded (`Загрузки/ММО-n <формы>.xlsx`, the
 *   last one per set of forms) and its files in the folder: nothing is dropped silently — a form that
 *   comes both ways is flagged by the consolidation («пришёл из двух источников»).
 * - folder: only the files in the folder; uploads are refused.
 * Files that name no ММО (the joint plan of РМЦ) are always read.
 */
import type { SourceAdapter, SourceReadResult, SourceRef, SourceWorkerSpec } from '../model.js';
import { UPLOAD_FOLDER } from '../uploads/upload-store.js';
import type { SourceKind } from '../uploads/receive-upload.js';
import type { XlsxFolderSource } from './xlsx-folder.js';

export type SourceOrigin = SourceKind;

export interface MixedSourceOptions {
  readonly folder: XlsxFolderSource;
  /** The Google adapter with the spreadsheets of the ММО whose kind is 'google'. */
  readonly google?: SourceAdapter;
  readonly kindOf: (mmo: number) => SourceKind;
}

export function isUploadId(id: string): boolean {
  return id.startsWith(`${UPLOAD_FOLDER}/`);
}

export class MixedSource implements SourceAdapter {
  readonly #origins = new Map<string, SourceOrigin>();

  constructor(private readonly options: MixedSourceOptions) {}

  /** Where a listed source comes from, for /api/status. */
  originOf(sourceId: string): SourceOrigin {
    return this.#origins.get(sourceId) ?? (isUploadId(sourceId) ? 'upload' : 'folder');
  }

  workerSpecFor(ref: SourceRef): SourceWorkerSpec | undefined {
    return this.#origins.get(ref.id) === 'google' ? undefined : this.options.folder.workerSpec;
  }

  async list(): Promise<SourceRef[]> {
    const { folder, google, kindOf } = this.options;
    const [files, sheets] = await Promise.all([folder.list(), google ? google.list() : Promise.resolve([])]);
    const refs: SourceRef[] = [];
    for (const s of sheets) {
      if (s.districtHint !== null && kindOf(s.districtHint) !== 'google') continue;
      this.#origins.set(s.id, 'google');
      refs.push(s);
    }
    for (const f of files) {
      const upload = isUploadId(f.id);
      const mmo = f.districtHint;
      const kind = mmo === null ? null : kindOf(mmo);
      const take = upload ? kind === 'upload' : mmo === null || kind !== 'google';
      if (!take) continue;
      this.#origins.set(f.id, upload ? 'upload' : 'folder');
      refs.push(f);
    }
    return refs;
  }

  read(ref: SourceRef, knownRevision: string | null): Promise<SourceReadResult> {
    const google = this.options.google;
    if (this.#origins.get(ref.id) === 'google' && google) return google.read(ref, knownRevision);
    return this.options.folder.read(ref, knownRevision);
  }
}
