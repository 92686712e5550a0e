/**
 * Text normalisation for matching what people type against the verbatim texts of the seeds:
 * case, ё/е, NBSP and soft hyphens from Word exports, line breaks and runs of spaces,
 * typographic quotes and dashes.
 */

const SOFT_HYPHEN = /\u00AD/g;
const SPACES = /[\s\u00A0\u2007\u202F]+/g;
const QUOTES = /[«»"„“”'`]/g;
const DASHES = /[‐‑‒–—―−]/g;
/** Anything collapseSpaces would change: a soft hyphen, whitespace other than one inner space. */
const UNCLEAN = /\u00AD|[^\S ]| {2}|^ | $/;

/** Trim and collapse inner whitespace (line breaks included) to single spaces. */
export function collapseSpaces(text: string): string {
  // Most cells are already clean; a test allocates nothing, three replaces allocate three strings.
  if (!UNCLEAN.test(text)) return text;
  return text.replace(SOFT_HYPHEN, '').replace(SPACES, ' ').trim();
}

/**
 * A pure string function remembered for the texts it has seen. A sheet repeats the same few
 * headers, municipalities, programmes and choices thousands of times; a bound keeps a file of
 * distinct texts from growing the memory, at the cost of recomputing after a reset.
 */
export function memoText<T>(fn: (text: string) => T, limit = 20_000): (text: string) => T {
  let seen = new Map<string, T>();
  return (text) => {
    const hit = seen.get(text);
    if (hit !== undefined) return hit;
    const result = fn(text);
    if (seen.size >= limit) seen = new Map();
    seen.set(text, result);
    return result;
  };
}

/** Key for comparing texts: lower case, ё→е, dashes unified, spaces collapsed. Quotes are kept. */
export const normalizeText: (text: string) => string = memoText((text) =>
  collapseSpaces(text).toLowerCase().replace(/ё/g, 'е').replace(DASHES, '-'),
);

/** Like {@link normalizeText}, but also drops quotes and trailing punctuation: for headers and names. */
export const normalizeLabel: (text: string) => string = memoText((text) =>
  normalizeText(text)
    .replace(QUOTES, '')
    .replace(/\s*([.,:;])\s*/g, '$1 ')
    .replace(/[.,:;\s]+$/g, '')
    .replace(SPACES, ' ')
    .trim(),
);

/**
 * Plain text of any cell value, '' for empty. Dates are left to callers that know the field; an
 * invalid Date (a crafted serial or ISO text the reader could not place) has no text: ''.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return collapseSpaces(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return collapseSpaces(String(value));
}
