/**
 * Contracts between the parts of the sync service: sources produce workbooks of grids, the engine
 * consolidates them, outputs write the regional workbook, the store keeps history and snapshots.
 */
import type { Grid, Issue } from '@mmo/shared';
import type { XlsxLimits } from './sources/xlsx-bounds.js';

/** One sheet of a source, as a grid of cells (merged ranges already filled, dates as Date). */
export interface SourceSheet {
  readonly name: string;
  readonly grid: Grid;
}

/** A source as read: a local .xlsx file or a Google spreadsheet. */
export interface SourceWorkbook {
  /** Stable id: the file's path relative to the input folder, or the spreadsheet ID. */
  readonly id: string;
  /** What users call it in messages: the file name or the spreadsheet title. */
  readonly name: string;
  /** The ММО the config or the file name assigns, if any (the sheets may say otherwise). */
  readonly districtHint: number | null;
  /** Content hash (files) or Drive version/modifiedTime (Google): unchanged revision → skip. */
  readonly revision: string;
  readonly sheets: readonly SourceSheet[];
  /** What the reader had to bound to read the file (a merge far past the data…): warnings, in Russian. */
  readonly notes?: readonly string[];
}

/** Where a source is and which ММО it is configured for. */
export interface SourceRef {
  readonly id: string;
  readonly name: string;
  readonly districtHint: number | null;
}

/** The outcome of trying to read one source. */
export type SourceReadResult =
  | { readonly status: 'ok'; readonly workbook: SourceWorkbook }
  | { readonly status: 'unchanged'; readonly ref: SourceRef; readonly revision: string }
  | { readonly status: 'failed'; readonly ref: SourceRef; readonly reason: string };

export interface SourceAdapter {
  /** Every source there is now. */
  list(): Promise<SourceRef[]>;
  /** Reads one source; `knownRevision` lets an adapter answer 'unchanged' cheaply. Never throws. */
  read(ref: SourceRef, knownRevision: string | null): Promise<SourceReadResult>;
  /**
   * Plain data a worker thread rebuilds this adapter from, when reading is CPU work (parsing
   * .xlsx): the sync then reads there and the main thread keeps answering requests.
   */
  readonly workerSpec?: SourceWorkerSpec;
  /** Per source, for adapters that mix kinds (some read off-thread, some not); wins over workerSpec. */
  workerSpecFor?(ref: SourceRef): SourceWorkerSpec | undefined;
}

export interface SourceWorkerSpec {
  readonly kind: 'xlsx-folder';
  readonly dir: string;
  readonly districtHints?: Readonly<Record<string, number>>;
  readonly exclude?: readonly string[];
  readonly limits?: XlsxLimits;
}

/** A problem with where it is; `file` is the source name, `sourceId` the source it belongs to. */
export type PlacedIssue = Issue & {
  readonly file: string;
  readonly mmo: number | null;
  readonly sourceId?: string;
};

/** One recognised sheet of a source. */
export interface ConsolidatedSheet {
  readonly sourceId: string;
  readonly sourceName: string;
  readonly sheetName: string;
  readonly templateId: string;
  readonly mmo: number | null;
  readonly header: Readonly<Record<string, unknown>>;
  /** Valid records: parsed values plus the raw cells and the sheet row. */
  readonly records: readonly {
    readonly row: number;
    readonly values: Readonly<Record<string, unknown>>;
    readonly raw: Readonly<Record<string, unknown>>;
    readonly itemId?: string;
  }[];
  readonly rejectedRows: number;
  /** Cell texts of the personal columns in rejected rows: never shown, only cut from public texts. */
  readonly rejectedPersonal?: readonly string[];
  /**
   * Forms that list rows with errors (заявки): those rows, with what could be read of them and
   * their errors. Absent in snapshots made before, and for other forms.
   */
  readonly flagged?: readonly FlaggedRecord[];
  readonly academicYear: number | null;
}

/** A row with errors that РМЦ still sees, marked. */
export interface FlaggedRecord {
  readonly row: number;
  readonly values: Readonly<Record<string, unknown>>;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly problems: readonly { readonly field: string; readonly label: string; readonly message: string }[];
}

/** Per-source status for «Полнота» and the JSON report. */
export interface SourceStatus {
  readonly sourceId: string;
  readonly name: string;
  readonly mmo: number | null;
  readonly status: 'ok' | 'failed';
  /** True when this source's data comes from its last good snapshot (it failed or was unchanged). */
  readonly fromSnapshot: boolean;
  readonly stale: boolean;
  readonly reason?: string;
  readonly revision?: string;
  readonly lastSuccessAt?: string;
}

/** Everything the regional workbook, the API and the dashboard show. */
export interface Consolidation {
  readonly generatedAt: string;
  readonly academicYear: number;
  readonly sources: readonly SourceStatus[];
  readonly sheets: readonly ConsolidatedSheet[];
  readonly issues: readonly PlacedIssue[];
}
