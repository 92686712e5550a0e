/**
 * A consolidation and its changes carried from the sync's worker thread to the main thread in
 * pieces. Posted as one message, a 55 000-row consolidation is deserialized by the receiving
 * thread in one go — half a second in which no request is answered. Here each piece is a
 * separately serialized buffer (transferred, not copied) that the main thread decodes between
 * turns of its event loop.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { deserialize, serialize } from 'node:v8';
import type { ChangeSet, RecordChange } from '../engine/changes.js';
import type { ConsolidatedSheet, Consolidation, PlacedIssue } from '../model.js';

/** Rows, problems or changes per piece: a piece of about a thousand decodes in a few milliseconds. */
const PER_PIECE = 1000;

/** Heads carry their lists empty, so that keys keep their order (and JSON of them its shape). */
type Op =
  | { readonly op: 'head'; readonly value: Consolidation }
  | { readonly op: 'sheet'; readonly value: ConsolidatedSheet }
  /** Records of the sheet last opened. */
  | { readonly op: 'records'; readonly value: ConsolidatedSheet['records'] }
  | { readonly op: 'issues'; readonly value: readonly PlacedIssue[] }
  | { readonly op: 'changes'; readonly value: ChangeSet }
  | { readonly op: 'change'; readonly value: readonly RecordChange[] };

/** Serialized pieces, in order; transferable. */
export interface Packed {
  readonly pieces: readonly ArrayBuffer[];
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

export function packPublished(consolidation: Consolidation, changes: ChangeSet): Packed {
  const p = new Packer();
  p.add({ op: 'head', value: { ...consolidation, sheets: [], issues: [] } }, 1);
  for (const sheet of consolidation.sheets) {
    p.add({ op: 'sheet', value: { ...sheet, records: [] } }, 1);
    p.addList(sheet.records, (value) => ({ op: 'records', value }));
  }
  p.addList(consolidation.issues, (value) => ({ op: 'issues', value }));
  p.add({ op: 'changes', value: { ...changes, changes: [] } }, 1);
  p.addList(changes.changes, (value) => ({ op: 'change', value }));
  p.flush();
  return { pieces: p.pieces };
}

/** Rebuilds what packPublished packed, yielding to the event loop between pieces. */
export async function unpackPublished(
  packed: Packed,
): Promise<{ consolidation: Consolidation; changes: ChangeSet }> {
  let head: Consolidation | null = null;
  const sheets: ConsolidatedSheet[] = [];
  const issues: PlacedIssue[] = [];
  let changeHead: ChangeSet | null = null;
  const changes: RecordChange[] = [];
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
