/**
 * Parts by revision: the checked result of a source (its SourcePart) kept under what it depends on —
 * the source's revision, the form definitions, the year setting, and the name and ММО hint the
 * listing gave it. A source that answers «unchanged» then costs its revision check and this lookup:
 * its snapshot is not decoded and not validated again. And the part is the very object the last
 * consolidation holds, so «Изменения» see its sheets unchanged by identity and skip their groups.
 *
 * In memory, per store and thread (the sync's thread keeps it between runs); after a restart the
 * part a kept run references is taken from the store (run-sync.ts), and kept here from then on.
 */
import { createHash } from 'node:crypto';
import { TEMPLATES } from '@mmo/templates';
import type { SourcePart } from '../engine/consolidate.js';
import type { SourceStatus } from '../model.js';

/** Bump when consolidateSource gives another result for the same workbook and definitions. */
const PART_FORMAT = 1;

/** The form definitions a part was checked with: a new form or column invalidates every part. */
export const DEFINITIONS_HASH = createHash('sha256')
  .update(`${PART_FORMAT}\n${JSON.stringify(TEMPLATES)}`)
  .digest('hex')
  .slice(0, 16);

interface Kept {
  readonly key: string;
  readonly part: SourcePart;
}

/**
 * What a part depends on besides the workbook's content, which its revision stands for; also its
 * key in the store. null: not kept — a failed source gets a problem of its own.
 */
export function partKey(status: SourceStatus, academicYear: number | null): string | null {
  if (status.status !== 'ok' || !status.revision) return null;
  const what = JSON.stringify([
    status.sourceId,
    status.revision,
    DEFINITIONS_HASH,
    academicYear,
    status.name,
    status.mmo,
  ]);
  return createHash('sha256').update(what).digest('hex');
}

/** A part kept (or stored) for another run, with this run's status. */
export function withStatus(part: SourcePart, status: SourceStatus): SourcePart {
  // The ММО the part settled on comes from its sheets; the rest of the status is this run's.
  return { ...part, status: { ...status, mmo: part.status.mmo } };
}

export class PartCache {
  private readonly bySource = new Map<string, Kept>();
  hits = 0;

  /** The part kept for this source at this revision, with the run's status (times, snapshot flag). */
  get(status: SourceStatus, academicYear: number | null): SourcePart | null {
    const key = partKey(status, academicYear);
    const kept = key === null ? undefined : this.bySource.get(status.sourceId);
    if (!kept || kept.key !== key) return null;
    this.hits++;
    return withStatus(kept.part, status);
  }

  /** Keeps the part made for `status` (the status it was made with, before consolidateSource settled the ММО). */
  set(status: SourceStatus, academicYear: number | null, part: SourcePart): void {
    const key = partKey(status, academicYear);
    // A failed read keeps the part of the revision last read fine: it comes back unchanged.
    if (key !== null) this.bySource.set(status.sourceId, { key, part });
  }

  /** Sources no longer listed are forgotten. */
  retain(sourceIds: ReadonlySet<string>): void {
    for (const id of this.bySource.keys()) if (!sourceIds.has(id)) this.bySource.delete(id);
  }

  get size(): number {
    return this.bySource.size;
  }
}

/** Caches of a few stores by file or URL (worker threads), the newest last. */
const byPath = new Map<string, PartCache>();
const PATHS = 2;
/** Caches of stores in this thread by the object (in-process runs). */
const byStore = new WeakMap<object, PartCache>();

export function partCacheFor(scope: string | object): PartCache {
  if (typeof scope !== 'string') {
    let c = byStore.get(scope);
    if (!c) byStore.set(scope, (c = new PartCache()));
    return c;
  }
  let c = byPath.get(scope);
  if (c) byPath.delete(scope);
  else c = new PartCache();
  byPath.set(scope, c);
  while (byPath.size > PATHS) byPath.delete(byPath.keys().next().value!);
  return c;
}
