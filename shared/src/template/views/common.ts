/** What every view kind's schema shares: the sheet it names and the choice values it compares. */
import { z } from 'zod';

/** Excel's rule for tab names: at most 31 characters, none of []:*?/\ (a colon is the usual slip). */
export const sheetName = z
  .string()
  .min(1)
  .max(31)
  .regex(/^[^[\]:*?/\\]+$/, 'имя листа не может содержать []:*?/\\');

/** Choice values as the definition spells them; compared ignoring case and spaces. */
export const values = z.array(z.string().min(1)).min(1).readonly();

/** A header the sheet writes, as РМЦ reads it. */
export const heading = z.string().min(1);
