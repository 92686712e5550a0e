/**
 * Items: how many items carry each status, and the share of all answerable items whose status is
 * one of `done` (a blank status is not done), per municipality and per ММО.
 */
import { z } from 'zod';
import { sheetName, values } from './common.js';

export const statusShareViewSchema = z
  .object({ kind: z.literal('statusShare'), sheet: sheetName, field: z.string(), done: values })
  .readonly();
