/**
 * What a form contributes to РМЦ's regional workbook, as data: each view names a sheet and a kind
 * of summary over the form's records. The sync service has one engine for every kind, so a new
 * form gets its regional sheets from its definition alone. The zod schema is the source of the types:
 * each kind's schema is in `views/<kind>.ts`, composed here.
 */
import { z } from 'zod';
import { calendarViewSchema } from './views/calendar.js';
import { checkedRecordsViewSchema } from './views/checked-records.js';
import { countByViewSchema } from './views/count-by.js';
import { itemMeanViewSchema } from './views/item-mean.js';
import { itemShareViewSchema } from './views/item-share.js';
import { overdueViewSchema } from './views/overdue.js';
import { rankedShareViewSchema } from './views/ranked-share.js';
import { recordsViewSchema } from './views/records.js';
import { scoresViewSchema } from './views/scores.js';
import { sheetTotalViewSchema } from './views/sheet-total.js';
import { statusShareViewSchema } from './views/status-share.js';

export const regionalViewSchema = z.discriminatedUnion('kind', [
  recordsViewSchema,
  itemMeanViewSchema,
  itemShareViewSchema,
  statusShareViewSchema,
  overdueViewSchema,
  sheetTotalViewSchema,
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
