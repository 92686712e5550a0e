/**
 * Items: one row per sheet with the sum of a numeric answer, its maximum and the band it falls in;
 * bands in ascending order, each up to and including `upTo`, the last one open.
 */
import { z } from 'zod';
import { sheetName } from './common.js';

export const sheetTotalViewSchema = z
  .object({
    kind: z.literal('sheetTotal'),
    sheet: sheetName,
    field: z.string(),
    /** The maximum the form states, when it differs from the sum of the answers' maxima. */
    outOf: z.number().positive().optional(),
    bands: z
      .array(z.object({ label: z.string().min(1), upTo: z.number().optional() }).readonly())
      .min(1)
      .readonly(),
  })
  .readonly();
