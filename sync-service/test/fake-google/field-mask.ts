/**
 * Google partial-response field masks («properties.title,sheets(properties(title,sheetId),merges)»):
 * the fake answers with exactly what a mask selects, so a reader that forgets a field breaks here
 * as it would against Google.
 */

export type MaskTree = Map<string, MaskTree | true>;

export class FieldMaskError extends Error {}

export function parseFieldMask(mask: string): MaskTree {
  let pos = 0;
  const peek = () => mask[pos];

  function parseList(): MaskTree {
    const tree: MaskTree = new Map();
    for (;;) {
      parsePath(tree);
      if (peek() === ',') {
        pos++;
        continue;
      }
      return tree;
    }
  }

  function parseName(): string {
    const m = /^\s*([A-Za-z_*][A-Za-z0-9_]*|\*)\s*/.exec(mask.slice(pos));
    if (!m) throw new FieldMaskError(`Invalid field selection at ${pos}: ${mask}`);
    pos += m[0].length;
    return m[1];
  }

  function merge(tree: MaskTree, name: string, sub: MaskTree | true): void {
    const have = tree.get(name);
    if (have === true || sub === true) tree.set(name, true);
    else if (have) for (const [k, v] of sub) merge(have, k, v);
    else tree.set(name, sub);
  }

  function parsePath(tree: MaskTree): void {
    const name = parseName();
    if (peek() === '.') {
      pos++;
      const sub: MaskTree = new Map();
      parsePath(sub);
      merge(tree, name, sub);
    } else if (peek() === '(') {
      pos++;
      const sub = parseList();
      if (peek() !== ')')
        throw new FieldMaskError(`Invalid field selection: unbalanced parentheses in ${mask}`);
      pos++;
      merge(tree, name, sub);
    } else merge(tree, name, true);
  }

  const tree = parseList();
  if (pos !== mask.length) throw new FieldMaskError(`Invalid field selection at ${pos}: ${mask}`);
  return tree;
}

/** Keeps what the mask selects; arrays are masked element by element, as Google does. */
export function applyFieldMask(value: unknown, tree: MaskTree | true): unknown {
  if (tree === true || tree.has('*')) return value;
  if (Array.isArray(value)) return value.map((v) => applyFieldMask(v, tree));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, sub] of tree) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    const masked = applyFieldMask(v, sub);
    if (masked !== undefined) out[k] = masked;
  }
  return out;
}
