/**
 * What a route serves only changes when a sync commits a new consolidation, while callers poll:
 * each answer is built once per consolidation and scope — on the first request after the commit —
 * and served from memory until the next commit replaces the consolidation. The previous
 * consolidation's answers are dropped with it.
 */
import type { Consolidation } from '../model.js';

export function perConsolidation<K, V>(
  build: (consolidation: Consolidation, key: K) => V,
): (consolidation: Consolidation, key: K) => V {
  let of: Consolidation | null = null;
  let answers = new Map<K, V>();
  return (consolidation, key) => {
    if (consolidation !== of) {
      of = consolidation;
      answers = new Map();
    }
    if (answers.has(key)) return answers.get(key)!;
    const value = build(consolidation, key);
    answers.set(key, value);
    // A failed build (a workbook that could not be written) is tried again by the next request.
    if (value instanceof Promise) value.catch(() => answers.get(key) === value && answers.delete(key));
    return value;
  };
}
