/**
 * Read models built in the sync's thread, which holds the consolidation it just committed: the
 * main thread answers /api/plan, /api/applications and the dashboard's first page from them
 * instead of building them itself while requests wait (the dashboard model and РМЦ's заявки each
 * took the loop for most of a second). Each is built once per consolidation, when it is first
 * asked for — not eagerly, which would hold the next sync behind models nobody may read. A request
 * waits for its model, not for the loop. A consolidation the thread cannot build for (a sync run in
 * the main thread, one loaded from the store, a thread that died or moved on) has its answers built
 * in the main thread on the first request, as before.
 */
import type { DashboardModel } from '../dashboard/model.js';
import type { Consolidation } from '../model.js';

export interface ReadModels {
  /** GET /api/plan per scope (null: РМЦ's), UTF-8. */
  readonly plan: ReadonlyMap<number | null, Uint8Array<ArrayBuffer>>;
  /** GET /api/applications per applicationsKey, UTF-8: the usual asks (USUAL_ASKS). */
  readonly applications: ReadonlyMap<string, Uint8Array<ArrayBuffer>>;
  /** The dashboard's model for its default page on `day` (dashboard/model.ts modelDay). */
  readonly dashboard: { readonly day: string; readonly model: DashboardModel };
  /** GET /api/regional.xlsx?mmo=N: the ММО's workbook (the ММО's number is the ask's `arg`). */
  readonly workbook: Uint8Array<ArrayBuffer>;
}

export type ReadModelKind = keyof ReadModels;

/**
 * Builds a model elsewhere (the sync thread); null: it cannot. `arg` tells models of one kind
 * apart (the ММО of a workbook); 0 for the kinds that have one model per consolidation.
 */
export type RemoteBuild = <K extends ReadModelKind>(kind: K, arg: number) => Promise<ReadModels[K] | null>;

interface Builder {
  readonly build: RemoteBuild;
  readonly asked: Map<string, Promise<unknown>>;
}

const builders = new WeakMap<Consolidation, Builder>();

/** Says where the models of `consolidation` can be built. */
export function buildsElsewhere(consolidation: Consolidation, build: RemoteBuild): void {
  builders.set(consolidation, { build, asked: new Map() });
}

/** The model of `kind`, asked for once per consolidation; null: build it here. */
export function prebuilt<K extends ReadModelKind>(
  consolidation: Consolidation,
  kind: K,
  arg = 0,
): Promise<ReadModels[K] | null> {
  const builder = builders.get(consolidation);
  if (!builder) return Promise.resolve(null);
  const key = `${kind}:${arg}`;
  let asked = builder.asked.get(key) as Promise<ReadModels[K] | null> | undefined;
  if (!asked) {
    asked = builder.build(kind, arg).catch(() => null);
    builder.asked.set(key, asked);
  }
  return asked;
}
