/**
 * What a person plainly meant by a value typed into a choice field: «ДА», «скорее да», «Да.»,
 * «да» for «Да. Хотелось бы получить помощь». Case, ё/е, punctuation and spacing never matter; the
 * first words of one choice (the last of them may be cut short) name that choice; a definition may
 * list synonyms per choice («отсутствует» for «Нет»). What fits two choices is no answer: the
 * caller reports it with the choices it could be.
 *
 * Pure and order-free: every form (template cells, the seed's four-column layout, form exports)
 * goes through this one function, so the consolidator and the add-on accept the same answers.
 */
import { normalizeText } from '../text/normalize.js';

/** Other ways people write a choice, by the choice's verbatim text. */
export type ChoiceSynonyms = Readonly<Record<string, readonly string[]>>;

export type ChoiceMatch =
  /** The choice meant, verbatim as defined. */
  | { readonly value: string }
  /** Fits several choices: the ones it could be, in definition order. */
  | { readonly ambiguous: readonly string[] }
  /** Fits none. */
  | { readonly none: true };

/** A word cut short must keep this many letters: «част» is «Частично», «ч» is nothing. */
const MIN_CUT_WORD = 3;

/**
 * Comparison key: lower case, ё→е, every run of punctuation and spaces one space. A value of
 * punctuation only («+», «-», «±») keeps its signs, so a synonym list can name them.
 */
export function choiceKey(text: string): string {
  const key = normalizeText(text);
  const words = key.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return words || key.replace(/\s+/g, '');
}

interface Prepared {
  readonly exact: ReadonlyMap<string, string>;
  readonly words: readonly (readonly [choice: string, words: readonly string[]])[];
}

// Choice lists are static definitions: prepared once per list and synonyms object.
const cache = new WeakMap<readonly string[], WeakMap<ChoiceSynonyms, Prepared>>();
const NO_SYNONYMS: ChoiceSynonyms = Object.freeze({});

function prepare(choices: readonly string[], synonyms: ChoiceSynonyms): Prepared {
  let bySynonyms = cache.get(choices);
  if (!bySynonyms) cache.set(choices, (bySynonyms = new WeakMap()));
  let prepared = bySynonyms.get(synonyms);
  if (prepared) return prepared;
  const exact = new Map<string, string>();
  for (const c of choices) if (!exact.has(choiceKey(c))) exact.set(choiceKey(c), c);
  for (const c of choices) {
    for (const s of synonyms[c] ?? []) if (!exact.has(choiceKey(s))) exact.set(choiceKey(s), c);
  }
  const words = choices.map((c) => [c, choiceKey(c).split(' ')] as const);
  prepared = { exact, words };
  bySynonyms.set(synonyms, prepared);
  return prepared;
}

/** The typed words begin the choice: all but the last whole, the last whole or cut short. */
function startsChoice(typed: readonly string[], choice: readonly string[]): boolean {
  if (typed.length === 0 || typed.length > choice.length) return false;
  const last = typed.length - 1;
  for (let i = 0; i < last; i++) if (typed[i] !== choice[i]) return false;
  const word = typed[last];
  return word === choice[last] || (word.length >= MIN_CUT_WORD && choice[last].startsWith(word));
}

/** The choice a typed value means, if exactly one; see the module comment for what counts. */
export function matchChoice(
  input: unknown,
  choices: readonly string[],
  synonyms: ChoiceSynonyms = NO_SYNONYMS,
): ChoiceMatch {
  const text =
    typeof input === 'string'
      ? input
      : typeof input === 'number' || typeof input === 'boolean'
        ? String(input)
        : '';
  const key = choiceKey(text);
  if (key === '') return { none: true };
  const { exact, words } = prepare(choices, synonyms);
  const hit = exact.get(key);
  if (hit !== undefined) return { value: hit };
  const typed = key.split(' ');
  const fits = words.filter(([, w]) => startsChoice(typed, w)).map(([c]) => c);
  if (fits.length === 1) return { value: fits[0] };
  if (fits.length > 1) return { ambiguous: fits };
  return { none: true };
}

/** The matched choice, or undefined: for callers that only need a yes or no. */
export function matchedChoice(
  input: unknown,
  choices: readonly string[],
  synonyms?: ChoiceSynonyms,
): string | undefined {
  const m = matchChoice(input, choices, synonyms);
  return 'value' in m ? m.value : undefined;
}
