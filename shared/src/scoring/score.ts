/** One scorer for every rule kind: a total and a per-criterion breakdown. */
import type { ScoringRule } from './rules.js';

/** What a user answered for one criterion, as read from the sheet. */
export type CriterionAnswer =
  | boolean
  | number
  | readonly string[]
  | Readonly<Record<string, number>>
  | null;

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

export function scoreCriterion(rule: ScoringRule, answer: CriterionAnswer, ctx: ScoreContext): number {
  void rule;
  void answer;
  void ctx;
  throw new Error('not implemented');
}

export function maxPoints(rule: ScoringRule, ctx: ScoreContext): number | null {
  void rule;
  void ctx;
  throw new Error('not implemented');
}

export function scoreAll(
  criteria: readonly { readonly id: string; readonly rule: ScoringRule }[],
  answers: Readonly<Record<string, CriterionAnswer>>,
  ctx: ScoreContext,
): ScoreResult {
  void criteria;
  void answers;
  void ctx;
  throw new Error('not implemented');
}
