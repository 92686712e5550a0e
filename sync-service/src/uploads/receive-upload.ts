/**
 * Receiving one uploaded file, for the API and the page alike: check it, keep it, make it the
 * ММО's current file, sync that ММО, and say what was received and every problem found.
 *
 * Uploads that arrive together for one ММО share one sync: it starts when the last of them has
 * been written (or refused), and never joins a sync that began before the files were written.
 */
import { countBySeverity, errorsFirst, formatIssue, type Severity, type SyncAnswer } from '@mmo/shared';
import type { Principal } from '../middleware/auth/index.js';
import { roleLabel } from '../middleware/auth/index.js';
import { toSyncAnswer } from '../sync/answer.js';
import type { SyncResult, SyncRunner } from '../sync/runner.js';
import type { XlsxLimits } from '../sources/xlsx-bounds.js';
import { checkUpload } from './check-upload.js';
import type { UploadRecord, UploadStore } from './upload-store.js';
import type { AuditEntryInput } from '../store/submissions.js';

/** Where an ММО's data comes from (settings: mmoSources); uploads are taken only for 'upload'. */
export type SourceKind = 'google' | 'upload' | 'folder';

export interface UploadProblem {
  readonly severity: Severity;
  readonly file: string | null;
  readonly sheet: string | null;
  readonly row: number | null;
  readonly column: string | null;
  readonly columnLabel: string | null;
  readonly message: string;
  /** The message with its place, as the sync answer, the dashboard and the add-on print it. */
  readonly text: string;
}

export interface UploadAnswer {
  readonly received: UploadRecord & { readonly current: boolean };
  readonly problems: readonly UploadProblem[];
  readonly counts: { readonly errors: number; readonly warnings: number };
  readonly sync: SyncAnswer | { readonly status: 'failed'; readonly error: string };
}

export type UploadOutcome =
  | { readonly ok: true; readonly answer: UploadAnswer }
  | { readonly ok: false; readonly status: 400 | 409 | 413 | 415 | 422; readonly error: string };

export interface UploadDeps {
  readonly runner: SyncRunner;
  readonly store: UploadStore;
  readonly maxUploadBytes: number;
  /** What one workbook may hold: the same limits as the sources folder. */
  readonly xlsxLimits?: XlsxLimits;
  readonly sourceKind: (mmo: number) => SourceKind;
  readonly now?: () => Date;
  /** The store's audit log: every accepted version is an entry «who sent what, when». */
  readonly audit?: (entries: readonly AuditEntryInput[]) => Promise<void>;
}

const KIND_TEXT: Readonly<Record<Exclude<SourceKind, 'upload'>, string>> = {
  google: 'через Google Таблицу',
  folder: 'файлами в папке источников сервиса',
};

export class UploadReceiver {
  #seq = 0;
  readonly #inFlight = new Map<number, number>();
  readonly #waiting = new Map<number, ((sync: Promise<SyncResult>) => void)[]>();
  readonly #now: () => Date;

  constructor(readonly deps: UploadDeps) {
    this.#now = deps.now ?? (() => new Date());
  }

  /**
   * `read` gives the file's bytes and name (it reads the request body); it is called after the
   * upload is counted as arrived, so a slow body still holds the shared sync back.
   */
  async receive(
    mmo: number,
    principal: Principal,
    read: () => Promise<{ bytes: Uint8Array; fileName: string } | { error: string }>,
  ): Promise<UploadOutcome> {
    const kind = this.deps.sourceKind(mmo);
    if (kind !== 'upload') {
      return {
        ok: false,
        status: 409,
        error: `ММО №${mmo} сдаёт данные ${KIND_TEXT[kind]}: загруженный файл не был бы учтён, поэтому он не принят. Если ММО теперь присылает файлы, РМЦ указывает в настройках сервиса "mmoSources": { "${mmo}": "upload" }.`,
      };
    }
    const seq = ++this.#seq;
    const receivedAt = this.#now();
    this.#inFlight.set(mmo, (this.#inFlight.get(mmo) ?? 0) + 1);
    let sync: Promise<SyncResult>;
    let saved: Awaited<ReturnType<UploadStore['save']>>;
    try {
      const file = await read();
      if ('error' in file) return { ok: false, status: 400, error: file.error };
      const check = await checkUpload(
        file.bytes,
        file.fileName,
        this.deps.maxUploadBytes,
        this.deps.xlsxLimits,
      );
      if (!check.ok) return { ok: false, status: check.status, error: check.error };
      saved = await this.deps.store.save({
        mmo,
        bytes: file.bytes,
        fileName: file.fileName,
        by: principal.name ?? roleLabel(principal.role),
        role: roleLabel(principal.role),
        forms: [...check.forms],
        receivedAt,
        seq,
      });
      const version = saved.record;
      await this.deps.audit?.(
        version.forms.map((f) => ({
          at: version.receivedAt,
          kind: 'upload' as const,
          actor: version.by,
          mmo,
          form: f.form,
          what: `загружен файл «${version.fileName}» (версия ${version.id}, лист «${f.sheet}»)`,
        })),
      );
      sync = new Promise((resolve) => {
        const list = this.#waiting.get(mmo) ?? [];
        list.push(resolve);
        this.#waiting.set(mmo, list);
      });
    } finally {
      this.#leave(mmo);
    }
    const result = await sync;
    return { ok: true, answer: uploadAnswer(mmo, { ...saved.record, current: saved.current }, result) };
  }

  #leave(mmo: number): void {
    const left = (this.#inFlight.get(mmo) ?? 1) - 1;
    if (left > 0) {
      this.#inFlight.set(mmo, left);
      return;
    }
    this.#inFlight.delete(mmo);
    const waiting = this.#waiting.get(mmo) ?? [];
    this.#waiting.delete(mmo);
    if (waiting.length === 0) return;
    const sync = this.#freshSync(mmo);
    for (const w of waiting) w(sync);
  }

  /** A sync that starts after the files were written: one already running may have read the old file. */
  async #freshSync(mmo: number): Promise<SyncResult> {
    const { runner } = this.deps;
    while (runner.running()) await runner.idle();
    return runner.sync({ mmo, trigger: 'upload' });
  }
}

function problemOf(
  i: SyncResult['consolidation'] extends infer C
    ? C extends { issues: readonly (infer I)[] }
      ? I
      : never
    : never,
): UploadProblem {
  return {
    severity: i.severity,
    file: i.file ?? null,
    sheet: i.sheet ?? null,
    row: i.row ?? null,
    column: i.column ?? null,
    columnLabel: i.columnLabel ?? null,
    message: i.message,
    text: formatIssue(i),
  };
}

export function uploadAnswer(
  mmo: number,
  received: UploadAnswer['received'],
  result: SyncResult,
): UploadAnswer {
  if (result.run.status === 'failed' || !result.consolidation) {
    return {
      received,
      problems: [],
      counts: { errors: 0, warnings: 0 },
      sync: { status: 'failed', error: result.run.error ?? 'Синхронизация не удалась' },
    };
  }
  const id = received.sourceId;
  const issues = result.consolidation.issues.filter(
    (i) => i.sourceId === id || (i.sourceId === undefined && i.mmo === mmo),
  );
  const problems = errorsFirst(issues).map(problemOf);
  return {
    received,
    problems,
    counts: countBySeverity(problems),
    sync: toSyncAnswer(result, mmo),
  };
}
