/**
 * A run's consolidation as the store keeps it: not every row of the region again each time, but the
 * run's frame (when, which year, each source's status) and a reference per source to its checked
 * part (sync/part-cache.ts), which is written once per revision and shared by every run that used
 * it. Reading assembles the consolidation again with finishConsolidation — the same function the
 * run used, with the run's year setting and time — so it is the consolidation the run made.
 */
import { finishConsolidation, type SourcePart } from '../engine/consolidate.js';
import type { Consolidation, SourceStatus } from '../model.js';
import { decodeJson, encodeJson } from './json.js';

/** A source's part with the key it is stored under; null: kept in the frame itself (a failed source). */
export interface RunPart {
  readonly key: string | null;
  readonly part: SourcePart;
}

/** A run's parts and the year setting it ran with. */
export interface RunParts {
  /** The setting, not the year settled on: the run's year and its basis are settled again from the parts. */
  readonly yearSetting: number | null;
  readonly parts: readonly RunPart[];
}

export interface ConsolidationFrame {
  readonly format: 'parts';
  readonly generatedAt: string;
  readonly academicYear: number;
  readonly yearSetting: number | null;
  readonly sources: readonly SourceStatus[];
  readonly parts: readonly ({ readonly key: string } | { readonly part: SourcePart })[];
}

/** The frame's JSON and the parts it references, for the store to write those it lacks. */
export function frameOf(
  consolidation: Consolidation,
  run: RunParts,
): { json: string; refs: readonly { key: string; part: SourcePart }[] } {
  const refs: { key: string; part: SourcePart }[] = [];
  const frame: ConsolidationFrame = {
    format: 'parts',
    generatedAt: consolidation.generatedAt,
    academicYear: consolidation.academicYear,
    yearSetting: run.yearSetting,
    sources: consolidation.sources,
    parts: run.parts.map((p) => {
      if (p.key === null) return { part: p.part };
      refs.push({ key: p.key, part: p.part });
      return { key: p.key };
    }),
  };
  return { json: encodeJson(frame), refs };
}

export function encodePart(part: SourcePart): string {
  return encodeJson(part);
}

/** A consolidation row: a frame assembled from its parts, or a whole consolidation (older rows). */
export async function decodeConsolidation(
  json: string,
  part: (key: string) => Promise<string | null>,
): Promise<Consolidation | null> {
  const value = decodeJson<Consolidation | ConsolidationFrame>(json);
  if (!('format' in value) || value.format !== 'parts') return value as Consolidation;
  const parts: SourcePart[] = [];
  for (const [i, ref] of value.parts.entries()) {
    let p: SourcePart;
    if ('part' in ref) p = ref.part;
    else {
      const text = await part(ref.key);
      // A part is deleted only with the last run referencing it: missing means a damaged store.
      if (text === null) return null;
      p = decodeJson<SourcePart>(text);
    }
    parts.push({ ...p, status: value.sources[i] ?? p.status });
  }
  // The same inputs as the run's own call: the same year, settled on the same basis.
  return finishConsolidation(parts, { academicYear: value.yearSetting, now: new Date(value.generatedAt) });
}
