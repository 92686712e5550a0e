/** Items: the share of answers that are one of `values`, per item and ММО, of the sheets that answered. */
import { z } from 'zod';
import { sheetName, values } from './common.js';

export const itemShareViewSchema = z
  .object({ kind: z.literal('itemShare'), sheet: sheetName, field: z.string(), values })
  .readonly();
