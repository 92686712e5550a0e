/**
 * Items of one or more forms ranked by the share of answers that are one of `values`, per item and
 * ММО («Затруднения»: what teachers need help with, most needed first). Forms that declare a view
 * of this kind under one sheet name share that sheet, a «Форма» column telling them apart.
 */
import { z } from 'zod';
import { heading, sheetName, values } from './common.js';

export const rankedShareViewSchema = z
  .object({
    kind: z.literal('rankedShare'),
    sheet: sheetName,
    /** The answer counted. */
    field: z.string(),
    values,
    /** The header of the item text column («Затруднение»). */
    itemHeading: heading,
    /** The header of the count of matching answers («Нужна помощь …»). */
    valuesHeading: heading,
  })
  .readonly();
