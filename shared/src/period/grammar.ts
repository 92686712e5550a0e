/**
 * Reads the month part of a period from tokens: single months, spans («октябрь-ноябрь, 2022»,
 * «с сентября по май»), deadlines («до 20.12.2023») and school halves/quarters («II полугодие»).
 * Years left out by the writer are filled in against the plan's academic year.
 */
import type { AcademicYear } from './parse-period.js';
import { daysInMonth, defaultYear, monthIndex, span, windowEnd, windowStart } from './months.js';
import type { Token } from './tokens.js';

interface Point {
  readonly month: number;
  readonly year: number | null;
  readonly day: number | null;
}

type Item =
  | { readonly k: 'point'; readonly p: Point }
  | { readonly k: 'range'; readonly a: Point; readonly b: Point }
  /** «до 20.12.2023»: from the start of the plan up to the point. */
  | { readonly k: 'until'; readonly b: Point }
  /** «с октября»: from the point to the end of the plan. */
  | { readonly k: 'from'; readonly a: Point }
  /** A half or quarter, already resolved to month indices. */
  | { readonly k: 'part'; readonly from: number; readonly to: number };

export interface MonthsRead {
  /** Month indices, unsorted, may repeat. */
  readonly months: number[];
  /** Something more than a list of single months was written. */
  readonly isSpan: boolean;
  /** 'YYYY-MM-DD' when exactly one valid day was written. */
  readonly day: string | null;
}

const UNTIL_WORDS = new Set(['до', 'к']);
const FROM_WORDS = new Set(['с', 'со', 'от']);
/** «до конца декабря» is still a deadline in December. */
const UNTIL_SKIP = new Set(['конца', 'окончания', 'середины', 'начала']);

const HALF_NOUN = /^полугоди/;
const QUARTER_NOUN = /^четверт(ь|и|ью)$/;
const ORDINAL_WORD = /^(перв|втор|трет|четверт)(ое|ая|ый|ий|ья|ье|ого|ей|ой|ом|ую|ью|ьего|ьей)$/;
const ORDINAL_STEMS = ['перв', 'втор', 'трет', 'четверт'];
const ROMAN = new Map([
  ['i', 1],
  ['ii', 2],
  ['iii', 3],
  ['iv', 4],
]);
/** «1-е полугодие», «2-я четверть». */
const ORDINAL_SUFFIX = new Set(['е', 'ое', 'я', 'ая', 'й', 'ой', 'ий', 'го', 'ого', 'м', 'ом']);

/**
 * School halves and quarters as [first, last] month, the year offset from the start year.
 * Quarters follow the usual Russian school calendar (autumn holidays after October, spring after March).
 */
const HALVES: Record<number, readonly [number, number, number]> = { 1: [9, 12, 0], 2: [1, 5, 1] };
const QUARTERS: Record<number, readonly [number, number, number]> = {
  1: [9, 10, 0],
  2: [11, 12, 0],
  3: [1, 3, 1],
  4: [4, 5, 1],
};

export function readMonths(tokens: readonly Token[], year: AcademicYear): MonthsRead {
  const items = parseItems(tokens, year);
  const months: number[] = [];
  const days: string[] = [];
  let isSpan = false;
  for (const item of items) {
    switch (item.k) {
      case 'point': {
        const y = item.p.year ?? defaultYear(item.p.month, year);
        months.push(monthIndex(y, item.p.month));
        pushDay(days, item.p, y);
        break;
      }
      case 'range': {
        const [ya, yb] = rangeYears(item.a, item.b, year);
        months.push(...span(monthIndex(ya, item.a.month), monthIndex(yb, item.b.month)));
        pushDay(days, item.a, ya);
        pushDay(days, item.b, yb);
        isSpan = true;
        break;
      }
      case 'until': {
        const y = item.b.year ?? defaultYear(item.b.month, year);
        const to = monthIndex(y, item.b.month);
        // A deadline before the plan starts cannot mean «from August»: keep only its own month.
        months.push(...(to < windowStart(year) ? [to] : span(windowStart(year), to)));
        pushDay(days, item.b, y);
        isSpan = true;
        break;
      }
      case 'from': {
        const y = item.a.year ?? defaultYear(item.a.month, year);
        const from = monthIndex(y, item.a.month);
        months.push(...(from > windowEnd(year) ? [from] : span(from, windowEnd(year))));
        pushDay(days, item.a, y);
        isSpan = true;
        break;
      }
      case 'part':
        months.push(...span(item.from, item.to));
        isSpan = true;
        break;
    }
  }
  // Two written days («с 01.11 по 20.12») do not make one precise day.
  return { months, isSpan, day: days.length === 1 ? days[0] : null };
}

function pushDay(days: string[], p: Point, year: number): void {
  if (p.day === null || p.day > daysInMonth(year, p.month)) return;
  days.push(`${year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`);
}

/**
 * Years of a span. A year written once applies to both ends («Октябрь-ноябрь, 2022»); a span without
 * years starts by the plan's rule and runs forward, so «Декабрь-январь» crosses the new year and
 * «Июль-август» stays in the summer after the school year.
 */
function rangeYears(a: Point, b: Point, year: AcademicYear): [number, number] {
  if (a.year !== null && b.year !== null) return [a.year, b.year];
  if (a.year !== null) return [a.year, b.month >= a.month ? a.year : a.year + 1];
  if (b.year !== null) return [a.month <= b.month ? b.year : b.year - 1, b.year];
  const ya = defaultYear(a.month, year);
  return [ya, b.month >= a.month ? ya : ya + 1];
}

function word(t: Token | undefined): string | null {
  return t?.k === 'word' ? t.w : null;
}

function parseItems(tokens: readonly Token[], year: AcademicYear): Item[] {
  const items: Item[] = [];
  let i = 0;
  while (i < tokens.length) {
    const w = word(tokens[i]);

    const notLater = w === 'не' && /^поз(днее|же)$/.test(word(tokens[i + 1]) ?? '');
    const untilAt = w !== null && UNTIL_WORDS.has(w) ? i + 1 : notLater ? i + 2 : -1;
    if (untilAt >= 0) {
      let j = untilAt;
      while (UNTIL_SKIP.has(word(tokens[j]) ?? '')) j++;
      const b = parsePoint(tokens, j);
      if (b) {
        items.push({ k: 'until', b: b.p });
        i = b.next;
        continue;
      }
    }

    if (w !== null && FROM_WORDS.has(w)) {
      const a = parsePoint(tokens, i + 1);
      if (a) {
        const b = rangeEnd(tokens, a.next);
        items.push(b ? { k: 'range', a: a.p, b: b.p } : { k: 'from', a: a.p });
        i = b ? b.next : a.next;
        continue;
      }
    }

    const part = parsePart(tokens, i, year);
    if (part) {
      items.push(part.item);
      i = part.next;
      continue;
    }

    const a = parsePoint(tokens, i);
    if (a) {
      const b = rangeEnd(tokens, a.next);
      items.push(b ? { k: 'range', a: a.p, b: b.p } : { k: 'point', p: a.p });
      i = b ? b.next : a.next;
      continue;
    }
    i++;
  }
  return items;
}

/** The second end of a span after «-», «по» or «до». */
function rangeEnd(tokens: readonly Token[], i: number): { p: Point; next: number } | null {
  const t = tokens[i];
  const isLink = t?.k === 'dash' || (t?.k === 'word' && (t.w === 'по' || t.w === 'до'));
  return isLink ? parsePoint(tokens, i + 1) : null;
}

/** A month with optional day and year («20 декабря 2022», «Ноябрь, 2022», «ноябрь-2022»), or a written date. */
function parsePoint(tokens: readonly Token[], i: number): { p: Point; next: number } | null {
  let t = tokens[i];
  if (t?.k === 'date') return { p: { month: t.month, year: t.year, day: t.day }, next: i + 1 };
  if (t?.k === 'monthYear') return { p: { month: t.month, year: t.year, day: null }, next: i + 1 };
  let day: number | null = null;
  if (t?.k === 'num' && t.n >= 1 && t.n <= 31 && tokens[i + 1]?.k === 'month') {
    day = t.n;
    i++;
    t = tokens[i];
  }
  if (t?.k !== 'month') return null;
  const month = t.month;
  const j = i + 1;
  const after = tokens[j];
  const linked = (after?.k === 'sep' || after?.k === 'dash') && tokens[j + 1]?.k === 'year';
  const yearAt = after?.k === 'year' ? j : linked ? j + 1 : -1;
  const y = tokens[yearAt];
  if (y?.k !== 'year') return { p: { month, year: null, day }, next: j };
  if (isAcademicYearAt(tokens, yearAt)) {
    return { p: { month, year: defaultYear(month, { startYear: y.year }), day }, next: yearAt + 3 };
  }
  return { p: { month, year: y.year, day }, next: yearAt + 1 };
}

/** «2022-2023» after a month or a half is an academic year («ноябрь 2022-2023 уч. г.»), not the month's year. */
function isAcademicYearAt(tokens: readonly Token[], i: number): boolean {
  const a = tokens[i];
  const link = tokens[i + 1];
  const b = tokens[i + 2];
  return (
    a?.k === 'year' && (link?.k === 'dash' || link?.k === 'sep') && b?.k === 'year' && b.year === a.year + 1
  );
}

function ordinalAt(tokens: readonly Token[], i: number): { n: number; next: number } | null {
  const t = tokens[i];
  if (t?.k === 'num') {
    const suffix = word(tokens[i + 2]);
    const hasSuffix = tokens[i + 1]?.k === 'dash' && suffix !== null && ORDINAL_SUFFIX.has(suffix);
    return { n: t.n, next: hasSuffix ? i + 3 : i + 1 };
  }
  if (t?.k !== 'word') return null;
  const roman = ROMAN.get(t.w.replace(/і/g, 'i'));
  if (roman !== undefined) return { n: roman, next: i + 1 };
  if (ORDINAL_WORD.test(t.w))
    return { n: ORDINAL_STEMS.findIndex((s) => t.w.startsWith(s)) + 1, next: i + 1 };
  return null;
}

/**
 * «I полугодие», «2-я четверть», «третья четверть». A year after it moves it: a calendar year
 * («II полугодие 2023») names the year the months fall in, «2023-2024» names the academic year.
 */
function parsePart(
  tokens: readonly Token[],
  i: number,
  year: AcademicYear,
): { item: Item; next: number } | null {
  const ord = ordinalAt(tokens, i);
  if (!ord) return null;
  const noun = word(tokens[ord.next]);
  if (noun === null) return null;
  const table = HALF_NOUN.test(noun) ? HALVES : QUARTER_NOUN.test(noun) ? QUARTERS : null;
  const spec = table?.[ord.n];
  if (!spec) return null;
  const [first, last, offset] = spec;
  let start = year.startYear;
  let next = ord.next + 1;
  const y = tokens[next];
  if (y?.k === 'year') {
    if (isAcademicYearAt(tokens, next)) {
      start = y.year;
      next += 3;
    } else {
      start = y.year - offset;
      next += 1;
    }
  }
  return {
    item: { k: 'part', from: monthIndex(start + offset, first), to: monthIndex(start + offset, last) },
    next,
  };
}
