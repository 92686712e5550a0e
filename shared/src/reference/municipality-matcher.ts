/**
 * Recognises an ММО or a municipality however people type it.
 *
 * Everything works on word tokens (runs of Unicode letters or of digits) rather than on regexes over
 * the raw text: JS `\b` only knows ASCII word characters, so «Горный» would be "found" inside «Нагорный»
 * and «Кизляр» inside «Кизлярский». Comparing whole tokens gives Cyrillic-aware word boundaries for free
 * and makes hyphens, quotes and punctuation irrelevant («Южно-Сухокумск» = «Южно Сухокумск»).
 */
import { normalizeText } from '../text/normalize.js';
import { DISTRICTS, type District, type Municipality } from './districts.js';

// ---------------------------------------------------------------------------------------------
// Tokens

interface Token {
  readonly word: string;
  /** Offsets in the normalised key, to look at the quotes around a phrase. */
  readonly start: number;
  readonly end: number;
}

const WORD = /\p{L}+|\p{N}+/gu;
const DIGITS = /^\p{N}+$/u;
const QUOTE_CHARS = new Set(['«', '»', '"', '„', '“', '”', "'", '`']);

/** Texts copied from PDFs and old Word files mix Latin look-alikes into Cyrillic words («Ахтынcкий»). */
const LATIN_LOOKALIKES: Readonly<Record<string, string>> = {
  a: 'а',
  b: 'в',
  c: 'с',
  e: 'е',
  h: 'н',
  k: 'к',
  m: 'м',
  o: 'о',
  p: 'р',
  t: 'т',
  x: 'х',
  y: 'у',
};

function fixLookalikes(word: string): string {
  // Only mixed-script words: a purely Latin word is not a mistyped Cyrillic one.
  if (!/[a-z]/.test(word) || !/[а-я]/.test(word)) return word;
  return word.replace(/[a-z]/g, (c) => LATIN_LOOKALIKES[c] ?? c);
}

/** NFC first: a «й» pasted as «и» + combining breve would otherwise split the word in two. */
function keyOf(text: string): string {
  return normalizeText(text.normalize('NFC'));
}

function tokenize(key: string): Token[] {
  const tokens: Token[] = [];
  for (const m of key.matchAll(WORD)) {
    tokens.push({ word: fixLookalikes(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

function isDigits(word: string | undefined): boolean {
  return word !== undefined && DIGITS.test(word);
}

// ---------------------------------------------------------------------------------------------
// Municipalities

/**
 * Words around a member's name that say what kind of unit it is («район», «г.», «ГО «город …»», «МР»).
 * They carry no identity, so an exact match ignores them; the city/district distinction survives
 * because it lives in the name itself («Кизляр» vs «Кизлярский»).
 */
const UNIT_WORDS = new Set([
  'район',
  'района',
  'районе',
  'району',
  'районом',
  'районы',
  'районов',
  'районах',
  'р',
  'рн',
  'участок',
  'участка',
  'участке',
  'участку',
  'участком',
  'уч',
]);
const NOISE_WORDS = new Set([
  ...UNIT_WORDS,
  'муниципальный',
  'муниципального',
  'муниципальном',
  'муниципальное',
  'муниципальному',
  'образование',
  'образования',
  'мр',
  'мо',
  'го',
  'городской',
  'городского',
  'городском',
  'округ',
  'округа',
  'округе',
  'город',
  'города',
  'городе',
  'городу',
  'городом',
  'гор',
  'г',
]);

/** «р-н», «р/н» arrive as two tokens; as one word they can count as a unit word next to a declined name. */
function mergeAbbreviations(words: readonly string[]): string[] {
  const merged: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 'р' && words[i + 1] === 'н') {
      merged.push('район');
      i++;
    } else {
      merged.push(words[i]);
    }
  }
  return merged;
}

function municipalityWords(text: string): string[] {
  return mergeAbbreviations(tokenize(keyOf(text)).map((t) => t.word));
}

const ADJECTIVE_ENDINGS = ['ого', 'ому', 'им', 'ом', 'ой', 'ая', 'ую', 'ое', 'ие', 'их', 'ими'];

/** «Ахтынский» → «Ахтынского», «Ахтынском»…: people write «в Ахтынском районе». */
function adjectiveForms(word: string): string[] {
  if (!/ск(ий|ой)$/.test(word)) return [];
  const stem = word.slice(0, -2);
  return ADJECTIVE_ENDINGS.map((ending) => stem + ending);
}

/** «Махачкала» → «Махачкалы», «Дербент» → «Дербенте»: «в Дербенте», «г. Махачкалы». */
function cityForms(word: string): string[] {
  if (word.endsWith('а')) {
    const stem = word.slice(0, -1);
    return [stem + 'ы', stem + 'е', stem + 'у', stem + 'ой'];
  }
  if (!/[бвгджзклмнпрстфхцчшщ]$/.test(word)) return [];
  // «Буйнакском» is also the locative of «Буйнакский» («в Буйнакском районе»), so -ск cities skip it.
  const instrumental = word.endsWith('ск') ? [] : [/[жшчщц]$/.test(word) ? word + 'ем' : word + 'ом'];
  return [word + 'а', word + 'у', word + 'е', ...instrumental];
}

/** Spellings that no rule derives but that people use. */
const EXTRA_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  'Город Дагестанские огни': [
    'Дагогни',
    'Дагестанских Огней',
    'Дагестанских Огнях',
    'Дагестанским Огням',
    'Дагестанскими Огнями',
  ],
  'Город Южно-Сухокумск': ['Южносухокумск'],
  'Сулейман-Стальский': ['С.-Стальский'],
  'ЦОДОУ ЗОЖ': ['ЦОДОУ'],
};

interface Alias {
  readonly words: readonly string[];
  readonly member: Municipality;
  /**
   * A declined adjective («Ахтынская», «Лакском») is only trusted in free text next to a unit word:
   * alone it is as likely a school («Ахтынская СОШ») or a language («лакском языке»).
   */
  readonly needsUnit: boolean;
}

const ALL_MEMBERS: readonly Municipality[] = DISTRICTS.flatMap((d) => d.municipalities);

function buildAliases(): Map<string, Alias> {
  const aliases = new Map<string, Alias>();
  const add = (words: readonly string[], member: Municipality, needsUnit: boolean): void => {
    if (words.length === 0) return;
    const key = words.join(' ');
    const existing = aliases.get(key);
    if (existing && existing.member !== member) {
      // Static data only: a clash means a new spelling rule confuses two members, caught by the tests.
      throw new Error(`Ambiguous municipality alias «${key}»: ${existing.member.name} / ${member.name}`);
    }
    if (!existing || (existing.needsUnit && !needsUnit)) aliases.set(key, { words, member, needsUnit });
  };

  for (const member of ALL_MEMBERS) {
    const spellings = new Set([member.name, member.displayName, ...(EXTRA_SPELLINGS[member.name] ?? [])]);
    for (const spelling of spellings) {
      const words = municipalityWords(spelling).filter((w) => !NOISE_WORDS.has(w));
      add(words, member, false);
      const head = words.slice(0, -1);
      const last = words[words.length - 1] ?? '';
      for (const form of adjectiveForms(last)) add([...head, form], member, true);
      if (member.isCity) for (const form of cityForms(last)) add([...head, form], member, false);
    }
  }
  return aliases;
}

const ALIASES = buildAliases();

/** Longest first, so «Дагестанские огни» is not cut short by a shorter phrase starting the same way. */
const ALIASES_BY_FIRST_WORD: ReadonlyMap<string, readonly Alias[]> = (() => {
  const index = new Map<string, Alias[]>();
  for (const alias of ALIASES.values()) {
    const list = index.get(alias.words[0]) ?? [];
    list.push(alias);
    index.set(alias.words[0], list);
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  return index;
})();

function phraseAt(words: readonly string[], at: number, phrase: readonly string[]): boolean {
  return phrase.every((w, k) => words[at + k] === w);
}

function findMembersInWords(words: readonly string[]): Municipality[] {
  const found: Municipality[] = [];
  for (let i = 0; i < words.length; i++) {
    const candidates = ALIASES_BY_FIRST_WORD.get(words[i]);
    if (!candidates) continue;
    for (const alias of candidates) {
      const n = alias.words.length;
      if (!phraseAt(words, i, alias.words)) continue;
      if (alias.needsUnit && !UNIT_WORDS.has(words[i + n] ?? '') && !UNIT_WORDS.has(words[i - 1] ?? ''))
        continue;
      if (!found.includes(alias.member)) found.push(alias.member);
      i += n - 1;
      break;
    }
  }
  return found;
}

/** «Цумадинский р-н», «г. Махачкала», «город Кизляр», «ахтынский район»… → the member. */
export function matchMunicipality(text: unknown): Municipality | null {
  if (typeof text !== 'string') return null;
  const words = municipalityWords(text);
  const core = words.filter((w) => !NOISE_WORDS.has(w));
  if (core.length === 0) return null;
  const exact = ALIASES.get(core.join(' '));
  if (exact) return exact.member;
  // «С. Хрюг, Ахтынский район»: a longer text still names one member, but two names are no answer.
  const found = findMembersInWords(words);
  return found.length === 1 ? found[0] : null;
}

/**
 * Every member named in a free text, in order of first appearance, each once: for cells like
 * «Окружной этап: Цумадинский Гумбетовский» or «С. Хрюг, Ахтынский район».
 */
export function findMunicipalitiesInText(text: unknown): Municipality[] {
  if (typeof text !== 'string') return [];
  return findMembersInWords(municipalityWords(text));
}

// ---------------------------------------------------------------------------------------------
// Districts

/** Words that say "this is an ММО" without saying which one. */
const DISTRICT_MARKERS = new Set([
  'ммо',
  'mmo',
  'округ',
  'округа',
  'округе',
  'округу',
  'округом',
  'межмуниципальный',
  'межмуниципального',
  'межмуниципальном',
  'межмуниципальному',
  'методический',
  'методического',
  'методическом',
  'методическому',
]);
/** Only these may introduce a number in free text: «Приказ №4» is not ММО №4, «ММО №4» is. */
const NUMBER_MARKERS = new Set(['ммо', 'mmo', 'округ', 'округа', 'округе', 'округу', 'округом']);

interface DistrictPhrase {
  readonly words: readonly string[];
  readonly district: District;
}

const DISTRICT_PHRASES: readonly DistrictPhrase[] = DISTRICTS.flatMap((district) => {
  // №1's name is mostly marker words; its identity is «Андийский», which people also decline.
  const words = tokenize(keyOf(district.name))
    .map((t) => t.word)
    .filter((w) => !DISTRICT_MARKERS.has(w));
  const head = words.slice(0, -1);
  const forms = words.length === 1 ? adjectiveForms(words[0]) : [];
  return [words, ...forms.map((f) => [...head, f])].map((w) => ({ words: w, district }));
}).sort((a, b) => b.words.length - a.words.length);

const DISTRICT_BY_PHRASE: ReadonlyMap<string, District> = new Map(
  DISTRICT_PHRASES.map((p) => [p.words.join(' '), p.district]),
);

function districtOfNumber(value: number): District | null {
  if (!Number.isInteger(value)) return null;
  return DISTRICTS.find((d) => d.no === value) ?? null;
}

function quoteAround(key: string, start: number, end: number): boolean {
  let before = start - 1;
  while (before >= 0 && key[before] === ' ') before--;
  let after = end;
  while (after < key.length && key[after] === ' ') after++;
  return QUOTE_CHARS.has(key[before] ?? '') && QUOTE_CHARS.has(key[after] ?? '');
}

/**
 * In a sentence the slogans are ordinary words («прорыв», «партнерство», «горный»), so they count
 * only when the text marks them as an ММО name: quoted, or next to «ММО»/«округ».
 */
function findDistrictInText(key: string, tokens: readonly Token[]): District | null {
  const words = tokens.map((t) => t.word);
  const found = new Set<District>();
  for (let i = 0; i < words.length; i++) {
    if (NUMBER_MARKERS.has(words[i]) && isDigits(words[i + 1])) {
      const byNo = districtOfNumber(Number(words[i + 1]));
      if (byNo) found.add(byNo);
      continue;
    }
    for (const phrase of DISTRICT_PHRASES) {
      const n = phrase.words.length;
      if (!phraseAt(words, i, phrase.words)) continue;
      const marked =
        quoteAround(key, tokens[i].start, tokens[i + n - 1].end) ||
        DISTRICT_MARKERS.has(words[i - 1] ?? '') ||
        DISTRICT_MARKERS.has(words[i + n] ?? '');
      if (marked) {
        found.add(phrase.district);
        i += n - 1;
        break;
      }
    }
  }
  return found.size === 1 ? [...found][0] : null;
}

/**
 * «1. Межмуниципальный методический округ ____» is item 1 of a form's header block, not ММО №1:
 * a number that opens a line as list numbering («1.», «2)») is dropped; «№1.» is kept.
 */
const LIST_NUMBERING = /^\s*\p{N}{1,2}\s*[.)]\s*(?=\p{L})/u;

/** «ММО "Горный"», «№4», «4», «Андийский», the full name of №1, a dropdown label… → the district. */
export function matchDistrict(text: unknown): District | null {
  if (typeof text === 'number') return districtOfNumber(text);
  if (typeof text === 'bigint') return text >= 1n && text <= 8n ? districtOfNumber(Number(text)) : null;
  if (typeof text !== 'string') return null;

  const key = keyOf(text).replace(LIST_NUMBERING, '');
  // The tokenizer drops the sign, and «-1» must not become №1.
  if (/^[-+]\s*\p{N}/u.test(key)) return null;
  const tokens = tokenize(key);
  const core = tokens.map((t) => t.word).filter((w) => !DISTRICT_MARKERS.has(w));
  const numbers = core.filter((w) => isDigits(w));
  const names = core.filter((w) => !isDigits(w));

  // The whole text is a reference: «№4», «ММО «Горный»», the title line «№4. «Горный».», the label «№4. Горный».
  const byName = names.length > 0 ? (DISTRICT_BY_PHRASE.get(names.join(' ')) ?? null) : null;
  if (numbers.length === 0 && byName) return byName;
  if (numbers.length === 1) {
    const byNo = districtOfNumber(Number(numbers[0]));
    if (names.length === 0) return byNo;
    // «№4. Прорыв» contradicts itself; guessing either would file a plan under the wrong ММО.
    if (byNo && byName) return byNo === byName ? byNo : null;
  }
  return findDistrictInText(key, tokens);
}

/**
 * The ММО a file or folder name names: «Прорыв 2023-24», «план_Горный_итог», «Партнерство заявка»,
 * «ММО-4», «mmo4_plan». A name is no sentence, so a slogan counts without quotes or «ММО» beside it;
 * numbers count only after «ММО»/«округ» (a year is no ММО). Two ММО named («ММО-4 Прорыв») are none.
 */
export function matchDistrictInName(name: string): District | null {
  const words = tokenize(keyOf(name.replace(/[_+]+/g, ' '))).map((t) => t.word);
  const found = new Set<District>();
  for (let i = 0; i < words.length; i++) {
    if (NUMBER_MARKERS.has(words[i]) && isDigits(words[i + 1])) {
      const byNo = districtOfNumber(Number(words[i + 1]));
      if (byNo) found.add(byNo);
      i++;
      continue;
    }
    for (const phrase of DISTRICT_PHRASES) {
      if (!phraseAt(words, i, phrase.words)) continue;
      found.add(phrase.district);
      i += phrase.words.length - 1;
      break;
    }
  }
  if (found.size === 1) return [...found][0];
  // A bare «4» or «№4» is a whole-name reference.
  return found.size === 0 ? matchDistrict(name) : null;
}
