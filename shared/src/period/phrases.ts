/**
 * Periods written as phrases rather than months: frequencies («2 раза в год»), no date yet
 * («по отдельному плану»), the whole year («в течение года»). Matched on normalised text.
 */

const COUNT_WORDS = new Map<string, number>([
  ['один', 1],
  ['одна', 1],
  ['одно', 1],
  ['два', 2],
  ['две', 2],
  ['три', 3],
  ['четыре', 4],
  ['пять', 5],
  ['шесть', 6],
  ['семь', 7],
  ['восемь', 8],
  ['девять', 9],
  ['десять', 10],
]);

/**
 * Times per year of «раз в …», «каждый …». A month counts 12 like «ежемесячно» in the seeds;
 * weekly and daily events stay countless because a school year is not a whole number of weeks.
 */
const PER_UNIT: readonly (readonly [RegExp, number | null])[] = [
  [/^(год|учебн)/, 1],
  [/^(полугод|полгод)/, 2],
  [/^четверт/, 4],
  [/^триместр/, 3],
  [/^квартал/, 4],
  [/^месяц/, 12],
  [/^(недел|ден|сутк)/, null],
];

const ADVERBS: readonly (readonly [RegExp, number | null])[] = [
  [/ежегодн/, 1],
  [/ежеполугодн/, 2],
  [/ежеквартальн/, 4],
  [/ежемесячн/, 12],
  [/(еженедельн|ежедневн)/, null],
];

const TIMES = /(?<![а-яa-z0-9])(?:(\d{1,3})\s*-?\s*|([а-я]+)\s+)?раза?\s+в\s+([а-я]+)/;
const TWICE = /(?<![а-я])(дважды|трижды)\s+в\s+([а-я]+)/;
const EVERY = /(?<![а-я])кажд[а-я]*\s+([а-я]+)/;

export interface Frequency {
  readonly timesPerYear: number | null;
}

function perUnit(unit: string): { found: boolean; times: number | null } {
  const hit = PER_UNIT.find(([re]) => re.test(unit));
  return hit ? { found: true, times: hit[1] } : { found: false, times: null };
}

/** A frequency, or null when none is written. */
export function readFrequency(text: string): Frequency | null {
  for (const [re, times] of ADVERBS) if (re.test(text)) return { timesPerYear: times };

  const times = TIMES.exec(text);
  if (times) {
    const unit = perUnit(times[3]);
    // A word in front that is not a numeral («один раз», but «проводится раз в год») leaves the count at one.
    const n = times[1] !== undefined ? Number(times[1]) : (COUNT_WORDS.get(times[2] ?? '') ?? 1);
    if (unit.found) return { timesPerYear: unit.times === null || n < 1 ? null : n * unit.times };
  }

  const twice = TWICE.exec(text);
  if (twice) {
    const unit = perUnit(twice[2]);
    const n = twice[1] === 'дважды' ? 2 : 3;
    if (unit.found) return { timesPerYear: unit.times === null ? null : n * unit.times };
  }

  const every = EVERY.exec(text);
  if (every) {
    const unit = perUnit(every[1]);
    if (unit.found) return { timesPerYear: unit.times };
  }
  return null;
}

const UNSCHEDULED: readonly RegExp[] = [
  /(?<![а-я])по\s+([а-я]+\s+)?(плану|графику)/,
  /(?<![а-я])по\s+согласовани/,
  /(?<![а-я])по\s+мере\s/,
  /(?<![а-я])по\s+(необходимости|запросу|запросам|заявк|приглашени|договоренност|требовани)/,
  /(уточняется|уточняются|будет определен|будут определены|определяется|не определен)/,
];

export function isUnscheduled(text: string): boolean {
  return UNSCHEDULED.some((re) => re.test(text));
}

const WHOLE_YEAR: readonly RegExp[] = [
  /(?<![а-я])в\s+течени[еи]\s+(всего\s+)?(\d{4}\s*[-/]\s*\d{2,4}\s+)?(уч[а-я]*\.?\s*)?года/,
  /(?<![а-я])(весь|всего)\s+(уч[а-я]*\.?\s*)?год/,
  /(?<![а-я])(круглогодично|постоянно|систематически)/,
];

export function isWholeYear(text: string): boolean {
  return WHOLE_YEAR.some((re) => re.test(text));
}
