/**
 * Rows counted per value of one column and ММО («Заявки по программам»): spellings of one value are
 * one group, the spelling most rows use names it; with `distinct`, the same person on the same value
 * counts once, in the ММО of the first row.
 */
import { z } from 'zod';
import { heading, sheetName } from './common.js';

export const countByViewSchema = z
  .object({
    kind: z.literal('countBy'),
    sheet: sheetName,
    /** The column rows are grouped by. */
    field: z.string(),
    /** The header of the group column. */
    heading,
    /** Who a row is about: the same person (and a workplace that does not contradict) counts once. */
    distinct: z.object({ person: z.string(), workplace: z.string().optional() }).readonly().optional(),
  })
  .readonly();
