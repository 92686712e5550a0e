/**
 * A consolidation and its changes carried from the sync's worker thread to the main thread in
 * pieces. Posted as one message, a 55 000-row consolidation is deserialized by the receiving
 * thread in one go — half a second in which no request is answered. Here each piece is a
 * separately serialized buffer (transferred, not copied) that the main thread decodes between
 * turns of its event loop. A sheet that is the very object of the previous consolidation (its source
 * did not change) is sent as its index there: the main thread has that consolidation already.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { deserialize, serialize } from 'node:v8';
import type { ChangeDigest, ChangeNote } from '../engine/changes.js';
import type { ConsolidatedSheet, Consolidation, PlacedIssue } from '../model.js';

/** Rows, problems or changes per piece: a piece of about a thousand decodes in a few milliseconds. */
const PER_PIECE = 1000;

/** Heads carry their lists empty, so that keys keep their order (and JSON of them its shape). */
type Op =
  | { readonly op: 'head'; readonly value: Consolidation }
  | { readonly op: 'sheet'; readonly value: ConsolidatedSheet }
  /** The sheet at this index of the base consolidation. */
  | { readonly op: 'kept'; readonly index: number }
  /** Records of the sheet last opened. */
  | { readonly op: 'records'; readonly value: ConsolidatedSheet['records'] }
  | { readonly op: 'issues'; readonly value: readonly PlacedIssue[] }
  | { readonly op: 'changes'; readonly value: ChangeDigest }
  | { readonly op: 'change'; readonly value: readonly ChangeNote[] };

/** Serialized pieces, in order; transferable. */
export interface Packed {
  readonly pieces: readonly ArrayBuffer[];
  /** The run whose consolidation 'kept' sheets refer to; null: none referred to. */
  readonly base: number | null;
}

/** A consolidation and the run that made it. */
export interface RunConsolidation {
  readonly runId: number;
  readonly consolidation: Consolidation;
}

function ownBuffer(bytes: Buffer): ArrayBuffer {
  // A Buffer may be a window on a shared pool; only a whole ArrayBuffer can be transferred.
  const whole =
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer;
  return whole
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

class Packer {
  readonly pieces: ArrayBuffer[] = [];
  private ops: Op[] = [];
  private weight = 0;

  add(op: Op, weight: number): void {
    this.ops.push(op);
    this.weight += weight;
    if (this.weight >= PER_PIECE) this.flush();
  }

  /** Adds a long list as slices, each counted by its length. */
  addList<T>(list: readonly T[], make: (slice: readonly T[]) => Op): void {
    for (let i = 0; i < list.length; i += PER_PIECE) {
      const slice = list.slice(i, i + PER_PIECE);
      this.add(make(slice), slice.length);
    }
  }

  flush(): void {
    if (this.ops.length === 0) return;
    this.pieces.push(ownBuffer(serialize(this.ops)));
    this.ops = [];
    this.weight = 0;
  }
}

/** A change without the record's cells, which were for the «Изменения» sheet, written by now. */
function withoutCells(change: ChangeNote & { readonly cells?: unknown }): ChangeNote {
  const note = { ...change };
  delete note.cells;
  return note;
}

export function packPublished(
  consolidation: Consolidation,
  changes: ChangeDigest,
  base: RunConsolidation | null = null,
): Packed {
  const p = new Packer();
  const at = new Map(base?.consolidation.sheets.map((sheet, i) => [sheet, i]));
  let referred = false;
  p.add({ op: 'head', value: { ...consolidation, sheets: [], issues: [] } }, 1);
  for (const sheet of consolidation.sheets) {
    const index = at.get(sheet);
    if (index !== undefined) {
      referred = true;
      p.add({ op: 'kept', index }, 1);
      continue;
    }
    p.add({ op: 'sheet', value: { ...sheet, records: [] } }, 1);
    p.addList(sheet.records, (value) => ({ op: 'records', value }));
  }
  p.addList(consolidation.issues, (value) => ({ op: 'issues', value }));
  p.add({ op: 'changes', value: { ...changes, changes: [] } }, 1);
  p.addList(changes.changes, (slice) => ({ op: 'change', value: slice.map(withoutCells) }));
  p.flush();
  return { pieces: p.pieces, base: referred ? base!.runId : null };
}

/**
 * Rebuilds what packPublished packed, yielding to the event loop between pieces; `base`: this
 * thread's copy of the consolidation the packed one refers to.
 */
export async function unpackPublished(
  packed: Packed,
  base: RunConsolidation | null = null,
): Promise<{ consolidation: Consolidation; changes: ChangeDigest }> {
  if (packed.base !== null && base?.runId !== packed.base)
    throw new Error('сводка из рабочего потока ссылается на сводку, которой здесь нет');
  let head: Consolidation | null = null;
  const sheets: ConsolidatedSheet[] = [];
  const issues: PlacedIssue[] = [];
  let changeHead: ChangeDigest | null = null;
  const changes: ChangeNote[] = [];
  for (const [i, piece] of packed.pieces.entries()) {
    if (i > 0) await yieldToLoop();
    for (const op of deserialize(new Uint8Array(piece)) as Op[]) {
      switch (op.op) {
        case 'head':
          head = op.value;
          break;
        case 'sheet':
          sheets.push(op.value);
          break;
        case 'kept':
          sheets.push(base!.consolidation.sheets[op.index]);
          break;
        case 'records': {
          const records = sheets[sheets.length - 1].records as ConsolidatedSheet['records'][number][];
          // A loop, not push(...): a slice may be longer than the call stack holds arguments.
          for (const r of op.value) records.push(r);
          break;
        }
        case 'issues':
          for (const x of op.value) issues.push(x);
          break;
        case 'changes':
          changeHead = op.value;
          break;
        case 'change':
          for (const x of op.value) changes.push(x);
          break;
      }
    }
  }
  if (!head || !changeHead) throw new Error('сводка из рабочего потока пришла не целиком');
  return { consolidation: { ...head, sheets, issues }, changes: { ...changeHead, changes } };
}
