/**
 * A seeded PRNG (mulberry32) and the few draws the generator needs. Math.random is never used: the
 * same seed must give byte-for-byte the same region on every machine, or runs are not comparable.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Index drawn with probability proportional to 1 / (rank + 1): a few programmes are asked for much more than the rest. */
  zipf<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** A derived generator, so adding draws in one part never shifts another part's data. */
  fork(label: string): Rng;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a label to a 32-bit number for fork(). */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const zipfTables = new WeakMap<readonly unknown[], Float64Array>();

function zipfTable(length: number, items: readonly unknown[]): Float64Array {
  let table = zipfTables.get(items);
  if (!table) {
    table = new Float64Array(length);
    let sum = 0;
    for (let i = 0; i < length; i++) table[i] = sum += 1 / (i + 1);
    for (let i = 0; i < length; i++) table[i] /= sum;
    zipfTables.set(items, table);
  }
  return table;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    zipf: (items) => {
      const table = zipfTable(items.length, items);
      const x = next();
      let lo = 0;
      let hi = items.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (table[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      return items[lo];
    },
    chance: (p) => next() < p,
    fork: (label) => createRng((seed ^ hash32(label)) >>> 0),
  };
  return rng;
}
