/**
 * Every record of every sheet, ММО first, then the header fields that say whose sheet it is, then
 * every column; a period column also as first month, last month and kind, as «Сводный план» shows it.
 */
import { z } from 'zod';
import { sheetName } from './common.js';

export const recordsViewSchema = z
  .object({
    kind: z.literal('records'),
    sheet: sheetName,
    /** Column headers by field key where the listing heads a column otherwise than the form does. */
    labels: z.record(z.string(), z.string().min(1)).optional(),
    /** The «Лист» column; off for a form that comes as one sheet of one source. */
    sheetColumn: z.boolean().optional(),
  })
  .readonly();
