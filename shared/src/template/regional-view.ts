/**
 * What a form contributes to РМЦ's regional workbook, as data: each view names a sheet and a kind
 * of summary over the form's records. The sync service has one engine for every kind, so a new
 * form gets its regional sheets from its definition alone. The zod schema is the source of the types;
 * newer kinds keep their schema in `views/<kind>.ts`, composed here.
 */
import { z } from 'zod';
import { calendarViewSchema } from './views/calendar.js';
import { checkedRecordsViewSchema } from './views/checked-records.js';
import { sheetName, values } from './views/common.js';
import { countByViewSchema } from './views/count-by.js';
import { rankedShareViewSchema } from './views/ranked-share.js';
import { scoresViewSchema } from './views/scores.js';

export const regionalViewSchema = z.discriminatedUnion('kind', [
  /**
   * Every record of every sheet, ММО first, then the header fields that say whose sheet it is, then
   * every column; a period column also as first month, last month and kind, as «Сводный план» shows it.
   */
  z
    .object({
      kind: z.literal('records'),
      sheet: sheetName,
      /** Column headers by field key where the listing heads a column otherwise than the form does. */
      labels: z.record(z.string(), z.string().min(1)).optional(),
      /** The «Лист» column; off for a form that comes as one sheet of one source. */
      sheetColumn: z.boolean().optional(),
    })
    .readonly(),
  /** Items: the mean of a numeric answer per item and ММО, with how many sheets answered it. */
  z.object({ kind: z.literal('itemMean'), sheet: sheetName, field: z.string() }).readonly(),
  /** Items: the share of answers that are one of `values`, per item and ММО, of the sheets that answered. */
  z.object({ kind: z.literal('itemShare'), sheet: sheetName, field: z.string(), values }).readonly(),
  /**
   * Items: how many items carry each status, and the share of all answerable items whose status is
   * one of `done` (a blank status is not done), per municipality and per ММО.
   */
  z.object({ kind: z.literal('statusShare'), sheet: sheetName, field: z.string(), done: values }).readonly(),
  /**
   * Items whose term has ended before today and whose status is not one of `done`. The term is the
   * answer `termField`, or the item's printed info cell of that key, read by parsePeriod against
   * the sheet's academic year.
   */
  z
    .object({
      kind: z.literal('overdue'),
      sheet: sheetName,
      field: z.string(),
      done: values,
      termField: z.string(),
    })
    .readonly(),
  /**
   * Items: one row per sheet with the sum of a numeric answer, its maximum and the band it falls in;
   * bands in ascending order, each up to and including `upTo`, the last one open.
   */
  z
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
    .readonly(),
  checkedRecordsViewSchema,
  countByViewSchema,
  rankedShareViewSchema,
  scoresViewSchema,
  calendarViewSchema,
]);

export type RegionalView = z.infer<typeof regionalViewSchema>;
export type RegionalViewKind = RegionalView['kind'];

/**
 * Kinds whose views several forms may declare under one sheet name: they share that sheet, a «Форма»
 * column telling them apart (the three questionnaires' «Затруднения»). The registry lets only these
 * repeat a sheet name, and only with the same settings.
 */
export const SHARED_SHEET_KINDS: readonly RegionalViewKind[] = ['rankedShare', 'scores'];
