/**
 * Every row sent, valid or marked with its errors, with a «Проверка» column: «принята» or
 * «ошибка: …». For a form that lists its rejected rows (`listsRejectedRows`), so that nobody sent is
 * lost; personal fields, and what errors say about them, only with the right to personal data.
 */
import { z } from 'zod';
import { sheetName } from './common.js';

export const checkedRecordsViewSchema = z
  .object({
    kind: z.literal('checkedRecords'),
    sheet: sheetName,
    /** Columns the listing leaves out (the row number the ММО gave, say). */
    omit: z.array(z.string()).readonly().optional(),
  })
  .readonly();
