/**
 * Read models built when a sync commits, in the sync's thread: the main thread answers /api/plan
 * with them from the first request on, instead of building them there while requests wait. They
 * travel with the consolidation and are found by it; a consolidation without them (a sync run in
 * the main thread, one loaded from the store) has its answers built on the first request instead.
 */
import type { Consolidation } from '../model.js';
import { planBodies } from './plan-body.js';

export interface PrebuiltReadModels {
  /** GET /api/plan per scope (null: РМЦ's). */
  readonly plan: ReadonlyMap<number | null, string>;
}

export function buildReadModels(consolidation: Consolidation): PrebuiltReadModels {
  return { plan: planBodies(consolidation) };
}

const adopted = new WeakMap<Consolidation, PrebuiltReadModels>();

/** Attaches what the sync thread built to this thread's copy of the consolidation. */
export function adoptReadModels(consolidation: Consolidation, models: PrebuiltReadModels): void {
  adopted.set(consolidation, models);
}

export function prebuilt(consolidation: Consolidation): PrebuiltReadModels | undefined {
  return adopted.get(consolidation);
}
