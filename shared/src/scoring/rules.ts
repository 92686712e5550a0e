/**
 * Indicator scoring rules as data: the rule kinds of the reference (seed-structure.md §1.1, §1.8).
 * The zod schema is the single source of the rule types.
 */
import { z } from 'zod';

export const scoringRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('presence'), points: z.number() }),
  z.object({
    kind: z.literal('per_item'),
    pointsPerItem: z.number(),
    capItems: z.number().int().positive().nullable(),
    itemUnit: z.string().optional(),
  }),
  z.object({
    kind: z.literal('presence_components'),
    components: z.record(z.string(), z.number()),
    aggregation: z.enum(['sum', 'max']),
  }),
  z.object({
    kind: z.literal('share_tiers'),
    metric: z.string().optional(),
    tiers: z.array(
      z.object({ op: z.enum(['>', '>=', '==', '<', '<=']), value: z.number(), points: z.number() }),
    ),
    elsePoints: z.number(),
  }),
  z.object({ kind: z.literal('per_item_by_grade'), grades: z.record(z.string(), z.number()) }),
  z.object({
    kind: z.literal('kpi_target'),
    points: z.number(),
    unit: z.enum(['percent', 'count', 'bool']),
    minByYear: z.record(z.string(), z.union([z.number(), z.boolean()])),
  }),
]);

export type ScoringRule = z.infer<typeof scoringRuleSchema>;
export type RuleKind = ScoringRule['kind'];
