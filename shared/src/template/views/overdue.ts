/**
 * Items whose term has ended before today and whose status is not one of `done`. The term is the
 * answer `termField`, or the item's printed info cell of that key, read by parsePeriod against
 * the sheet's academic year.
 */
import { z } from 'zod';
import { sheetName, values } from './common.js';

export const overdueViewSchema = z
  .object({
    kind: z.literal('overdue'),
    sheet: sheetName,
    field: z.string(),
    done: values,
    termField: z.string(),
  })
  .readonly();
