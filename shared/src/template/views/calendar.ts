/**
 * Months of the academic year × ММО: how many records a period column places in each month; whole-
 * year, recurring, undated and unreadable periods in rows of their own («Календарь» of a plan).
 */
import { z } from 'zod';
import { sheetName } from './common.js';

export const calendarViewSchema = z
  .object({
    kind: z.literal('calendar'),
    sheet: sheetName,
    /** The period column. */
    field: z.string(),
  })
  .readonly();
