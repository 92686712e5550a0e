/**
 * One row per sheet with its score by the form's scoring rules (`ItemDef.rule`): the total, the
 * maximum of the bounded criteria, the share and the points per criterion («Показатели»). Forms
 * that declare it under one sheet name share that sheet, a «Форма» column telling them apart.
 */
import { z } from 'zod';
import { sheetName } from './common.js';

export const scoresViewSchema = z.object({ kind: z.literal('scores'), sheet: sheetName }).readonly();
