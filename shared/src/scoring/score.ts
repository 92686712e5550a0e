/**
 * One scorer for every rule kind of the indicator tables (seed-structure.md §1.1): the points of one
 * criterion, its maximum, and a total with a per-criterion breakdown for a whole table.
 *
 * The scorer never throws: an answer of the wrong shape, a negative or non-finite number, an
 * unknown label all score 0 (the sheet validator reports such answers to the user; the scorer only
 * has to stay total). Points are rounded to 2 decimals so that 7 × 0,1 is reported as 0,7.
 *
 * Interpretations fixed here (the reference leaves them open):
 * - per_item counts are whole items: 2.7 is counted as 2;
 * - a share above 100 % is counted as 100 % (share_tiers); the reader turns «0,45» into 45 beforehand;
 * - presence_components: a label listed twice counts once; labels match ignoring case, spaces, quotes;
 * - kpi_target: a year absent from «Min. значение в год» uses the nearest earlier year present
 *   (2025 → the 2024 minimum); a year before every listed one scores 0; no partial credit.
 */
import { normalizeLabel } from '../text/normalize.js';
import type { ScoringRule } from './rules.js';

/**
 * What a user answered for one criterion, as read from the sheet: a boolean («Да»/«Нет»), a number
 * (count or percent), a list of present components, counts by grade, or free text (the counts-by-grade
 * text form «высшего – 2, продвинутого – 1»; «да»/«нет»; a number typed as text).
 */
export type CriterionAnswer =
  boolean | number | string | readonly string[] | Readonly<Record<string, number>> | null;

export interface CriterionScore {
  readonly id: string;
  readonly points: number;
  /** Maximum points; null when the rule is unbounded («за каждое» without a cap). */
  readonly max: number | null;
}

export interface ScoreResult {
  readonly total: number;
  /** Sum of the maxima of bounded criteria. */
  readonly maxBounded: number;
  readonly breakdown: readonly CriterionScore[];
}

export interface ScoreContext {
  /** Calendar year for KPI minima («Min. значение в год»): 2022, 2023, 2024. */
  readonly year: number;
}

/** Round to 2 decimals (scores are multiples of 0,1 or 0,5; this hides binary float noise). */
export function roundPoints(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const rounded = Math.round((value + Math.sign(value) * Number.EPSILON) * 100) / 100;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** Compare thresholds on values cleaned of float noise (0,57 × 100 = 56.99999999999999). */
function stable(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/** A finite, non-negative number from a number or a numeric text («45», «45 %», «2,5»); else null. */
function toAmount(answer: unknown): number | null {
  let n: number;
  if (typeof answer === 'number') n = answer;
  else if (typeof answer === 'string') {
    const text = answer.replace(/[\s\u00A0%]/g, '').replace(',', '.');
    if (!/^\d+(\.\d+)?$/.test(text)) return null;
    n = Number(text);
  } else return null;
  return Number.isFinite(n) && n >= 0 ? stable(n) : null;
}

const YES = new Set(['да', 'есть', 'имеется', 'наличие', 'yes', 'true', '+', '1']);

/** True only for an affirmative answer: true, «Да», a positive number. */
function isYes(answer: unknown): boolean {
  if (answer === true) return true;
  if (typeof answer === 'number') return Number.isFinite(answer) && answer > 0;
  if (typeof answer === 'string') return YES.has(normalizeLabel(answer));
  return false;
}

function isRecord(answer: unknown): answer is Readonly<Record<string, unknown>> {
  return typeof answer === 'object' && answer !== null && !Array.isArray(answer);
}

/** Labels a user marked as present: an array, a comma/semicolon/line separated text, or {label: n > 0}. */
function presentLabels(answer: unknown): string[] {
  if (Array.isArray(answer)) return answer.filter((x): x is string => typeof x === 'string');
  if (typeof answer === 'string') return answer.split(/[,;\n]+/);
  if (isRecord(answer))
    return Object.entries(answer)
      .filter(([, v]) => isYes(v))
      .map(([k]) => k);
  return [];
}

type Op = Extract<ScoringRule, { kind: 'share_tiers' }>['tiers'][number]['op'];

function compare(value: number, op: Op, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '==':
      return value === threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    default:
      return false;
  }
}

/** Words of a grade label that tell it apart («высшего уровня» → «высш»). */
const GRADE_STEM = 4;

function words(text: string): string[] {
  return normalizeLabel(text).match(/[\p{L}]+/gu) ?? [];
}

/**
 * The grade a word or label names: a label equal to the grade key, else a word sharing the first
 * four letters with the grade's first word («высший», «высшего» → «высшего уровня»). Null when no grade
 * or more than one grade matches.
 */
function gradeOf(text: string, grades: readonly string[]): string | null {
  const key = normalizeLabel(text);
  const exact = grades.find((g) => normalizeLabel(g) === key);
  if (exact !== undefined) return exact;
  for (const word of words(text)) {
    if (word.length < GRADE_STEM) continue;
    const hits = grades.filter((g) => {
      const first = words(g)[0] ?? '';
      return first.length >= GRADE_STEM && first.slice(0, GRADE_STEM) === word.slice(0, GRADE_STEM);
    });
    if (hits.length === 1) return hits[0];
  }
  return null;
}

/**
 * Counts by grade from the text form: «высшего – 2, продвинутого – 1», «2 высшего; 1 продвинутого»,
 * «высшего уровня: 2\nпродвинутого уровня: 3». A number pairs with the grade word next to it within
 * one comma/semicolon/line-separated part; unpaired numbers and unknown words are ignored.
 */
export function parseGradeCounts(text: string, grades: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (grade: string, n: number): void => {
    counts[grade] = (counts[grade] ?? 0) + Math.floor(n);
  };
  let pendingGrade: string | null = null;
  let pendingCount: number | null = null;
  for (const token of text.match(/\d+(?:[.,]\d+)?|[\p{L}]+|[,;\n]/gu) ?? []) {
    if (token === ',' || token === ';' || token === '\n') {
      pendingGrade = null;
      pendingCount = null;
    } else if (/^\d/.test(token)) {
      const n = Number(token.replace(',', '.'));
      if (pendingGrade !== null) {
        add(pendingGrade, n);
        pendingGrade = null;
      } else pendingCount = n;
    } else {
      const grade = gradeOf(token, grades);
      if (grade === null) continue;
      if (pendingCount !== null) {
        add(grade, pendingCount);
        pendingCount = null;
      } else pendingGrade = grade;
    }
  }
  return counts;
}

function gradeCounts(answer: unknown, grades: readonly string[]): Record<string, number> {
  if (typeof answer === 'string') return parseGradeCounts(answer, grades);
  if (!isRecord(answer)) return {};
  const counts: Record<string, number> = {};
  for (const [label, value] of Object.entries(answer)) {
    const grade = gradeOf(label, grades);
    const n = toAmount(value);
    if (grade !== null && n !== null) counts[grade] = (counts[grade] ?? 0) + Math.floor(n);
  }
  return counts;
}

/** The minimum for a year: that year's, else the nearest earlier year's; undefined if none. */
export function minForYear(
  minByYear: Readonly<Record<string, number | boolean>>,
  year: number,
): number | boolean | undefined {
  if (!Number.isFinite(year)) return undefined;
  const own = minByYear[String(year)];
  if (own !== undefined) return own;
  const earlier = Object.keys(minByYear)
    .map(Number)
    .filter((y) => Number.isInteger(y) && y < year)
    .sort((a, b) => b - a);
  return earlier.length > 0 ? minByYear[String(earlier[0])] : undefined;
}

function rawScore(rule: ScoringRule, answer: unknown, ctx: ScoreContext): number {
  switch (rule.kind) {
    case 'presence':
      return isYes(answer) ? rule.points : 0;
    case 'per_item': {
      const n = toAmount(answer);
      if (n === null) return 0;
      const count = Math.floor(n);
      return (rule.capItems === null ? count : Math.min(count, rule.capItems)) * rule.pointsPerItem;
    }
    case 'presence_components': {
      const wanted = new Set(presentLabels(answer).map(normalizeLabel));
      const points = Object.entries(rule.components)
        .filter(([label]) => wanted.has(normalizeLabel(label)))
        .map(([, p]) => p);
      if (points.length === 0) return 0;
      return rule.aggregation === 'max' ? Math.max(...points) : points.reduce((a, b) => a + b, 0);
    }
    case 'share_tiers': {
      const n = toAmount(answer);
      if (n === null) return 0;
      const share = Math.min(n, 100);
      const tier = rule.tiers.find((t) => compare(share, t.op, t.value));
      return tier ? tier.points : rule.elsePoints;
    }
    case 'per_item_by_grade': {
      const counts = gradeCounts(answer, Object.keys(rule.grades));
      return Object.entries(counts).reduce((sum, [grade, n]) => sum + n * (rule.grades[grade] ?? 0), 0);
    }
    case 'kpi_target': {
      const min = minForYear(rule.minByYear, ctx.year);
      if (min === undefined) return 0;
      // «да» minima (ОО KPI-4): the target is met by a «Да» answer.
      if (rule.unit === 'bool' || typeof min === 'boolean') return isYes(answer) ? rule.points : 0;
      const value = toAmount(answer);
      return value !== null && value >= stable(min) ? rule.points : 0;
    }
    default:
      return 0;
  }
}

/** Points of one criterion for an answer; 0 for a missing or unusable answer. */
export function scoreCriterion(rule: ScoringRule, answer: CriterionAnswer, ctx: ScoreContext): number {
  try {
    return Math.max(0, roundPoints(rawScore(rule, answer, ctx)));
  } catch {
    // A malformed rule object (not validated by the schema) must not break a whole consolidation.
    return 0;
  }
}

/** Maximum points of a criterion; null when unbounded (per item without a cap, per item by grade). */
export function maxPoints(rule: ScoringRule, ctx: ScoreContext): number | null {
  void ctx; // KPI maxima do not depend on the year; the parameter keeps the signature uniform.
  switch (rule.kind) {
    case 'presence':
      return rule.points;
    case 'per_item':
      return rule.capItems === null ? null : roundPoints(rule.capItems * rule.pointsPerItem);
    case 'presence_components': {
      const points = Object.values(rule.components);
      if (points.length === 0) return 0;
      return roundPoints(
        rule.aggregation === 'max' ? Math.max(...points) : points.reduce((a, b) => a + b, 0),
      );
    }
    case 'share_tiers':
      return Math.max(rule.elsePoints, ...rule.tiers.map((t) => t.points));
    case 'per_item_by_grade':
      return null;
    case 'kpi_target':
      return rule.points;
    default:
      return null;
  }
}

/** Scores of a list of criteria (criteria and KPI rows alike), in their order; missing answers score 0. */
export function scoreAll(
  criteria: readonly { readonly id: string; readonly rule: ScoringRule }[],
  answers: Readonly<Record<string, CriterionAnswer>>,
  ctx: ScoreContext,
): ScoreResult {
  const breakdown = criteria.map(({ id, rule }) => ({
    id,
    points: scoreCriterion(rule, Object.hasOwn(answers, id) ? answers[id] : null, ctx),
    max: maxPoints(rule, ctx),
  }));
  return {
    total: roundPoints(breakdown.reduce((sum, c) => sum + c.points, 0)),
    maxBounded: roundPoints(breakdown.reduce((sum, c) => sum + (c.max ?? 0), 0)),
    breakdown,
  };
}
