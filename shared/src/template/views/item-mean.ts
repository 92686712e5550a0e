/** Items: the mean of a numeric answer per item and ММО, with how many sheets answered it. */
import { z } from 'zod';
import { sheetName } from './common.js';

export const itemMeanViewSchema = z
  .object({ kind: z.literal('itemMean'), sheet: sheetName, field: z.string() })
  .readonly();
