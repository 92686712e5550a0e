/**
 * Tokenizer of a normalised period text (see normalizeText): dates, month names in any case or
 * abbreviated, years, numbers, words and the punctuation that matters for spans.
 */
import { MAX_YEAR, MIN_YEAR } from './months.js';

export type Token =
  /** A written date; `year` is null for «20.12». */
  | { readonly k: 'date'; readonly year: number | null; readonly month: number; readonly day: number }
  /** «11.2022». */
  | { readonly k: 'monthYear'; readonly year: number; readonly month: number }
  | { readonly k: 'month'; readonly month: number }
  | { readonly k: 'year'; readonly year: number }
  | { readonly k: 'num'; readonly n: number }
  | { readonly k: 'word'; readonly w: string }
  | { readonly k: 'dash' }
  /** Comma, semicolon, slash, brackets: separate list items but may sit between a month and its year. */
  | { readonly k: 'sep' }
  /** Anything else: breaks adjacency so that unrelated pieces are not glued together. */
  | { readonly k: 'other' };

/** Stems with the case endings people use («ноябрь», «ноября», «в ноябре») and the usual abbreviations («нояб.»). */
const MONTH_WORDS: readonly RegExp[] = [
  /^(январ[ьяею]|январем|янв)$/,
  /^(феврал[ьяею]|февралем|фев|февр)$/,
  /^(март[аеу]?|мартом|мар)$/,
  /^(апрел[ьяею]|апрелем|апр)$/,
  /^(ма[йяею]|маем)$/,
  /^(июн[ьяею]?|июнем)$/,
  /^(июл[ьяею]?|июлем)$/,
  /^(август[аеу]?|августом|авг)$/,
  /^(сентябр[ьяею]|сентябрем|сен|сент)$/,
  /^(октябр[ьяею]|октябрем|окт)$/,
  /^(ноябр[ьяею]|ноябрем|ноя|нояб)$/,
  /^(декабр[ьяею]|декабрем|дек)$/,
];

/** Words that only decorate a year («2022 г.», «2022 года») and would otherwise split «ноябрь 2022 г. – март 2023 г.». */
const FILLERS = new Set(['г', 'гг', 'год', 'года', 'году']);

export function monthOfWord(word: string): number | null {
  const i = MONTH_WORDS.findIndex((re) => re.test(word));
  return i < 0 ? null : i + 1;
}

const TOKEN = new RegExp(
  [
    String.raw`(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)`, // 1-3: 2022-12-20
    String.raw`(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?!\d)`, // 4-6: 20.12.2022, 20.12.22
    String.raw`(\d{1,2})[./](\d{4})(?!\d)`, // 7-8: 12.2022
    String.raw`(\d{1,2})\.(\d{1,2})(?![\d.])`, // 9-10: 20.12
    String.raw`(\d+)`, // 11
    String.raw`([a-zа-яі]+)`, // 12 (і: a Ukrainian/Latin-looking «І» in «І полугодие»)
    String.raw`(-)`, // 13
    String.raw`([,;/+()\[\]:])`, // 14
    String.raw`([\s.])`, // 15: ignored, so «сент.» and «2022 г.» read as words
    String.raw`([\s\S])`, // 16
  ].join('|'),
  'y',
);

function dateToken(year: number | null, month: number, day: number): Token {
  if (month < 1 || month > 12 || day < 1 || day > 31) return { k: 'other' };
  if (year !== null && (year < MIN_YEAR || year > MAX_YEAR)) return { k: 'other' };
  return { k: 'date', year, month, day };
}

function fullYear(text: string): number {
  const n = Number(text);
  return text.length === 2 ? 2000 + n : n;
}

export function tokenize(normalized: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  while (pos < normalized.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(normalized);
    if (!m || TOKEN.lastIndex <= pos) {
      pos++;
      continue;
    }
    pos = TOKEN.lastIndex;
    if (m[1] !== undefined) out.push(dateToken(Number(m[1]), Number(m[2]), Number(m[3])));
    else if (m[4] !== undefined) out.push(dateToken(fullYear(m[6]), Number(m[5]), Number(m[4])));
    else if (m[7] !== undefined) {
      const month = Number(m[7]);
      const year = Number(m[8]);
      const ok = month >= 1 && month <= 12 && year >= MIN_YEAR && year <= MAX_YEAR;
      out.push(ok ? { k: 'monthYear', year, month } : { k: 'other' });
    } else if (m[9] !== undefined) out.push(dateToken(null, Number(m[10]), Number(m[9])));
    else if (m[11] !== undefined) {
      const n = Number(m[11]);
      out.push(
        m[11].length === 4 && n >= MIN_YEAR && n <= MAX_YEAR ? { k: 'year', year: n } : { k: 'num', n },
      );
    } else if (m[12] !== undefined) {
      const word = m[12];
      if (FILLERS.has(word)) continue;
      const month = monthOfWord(word);
      out.push(month === null ? { k: 'word', w: word } : { k: 'month', month });
    } else if (m[13] !== undefined) out.push({ k: 'dash' });
    else if (m[14] !== undefined) out.push({ k: 'sep' });
    else if (m[15] !== undefined) continue;
    else out.push({ k: 'other' });
  }
  return out;
}
