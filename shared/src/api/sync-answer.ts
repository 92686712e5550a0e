/**
 * What the sync service answers to `POST /api/sync/:mmo` (and the add-on's «Отправить в РМЦ»
 * shows): the contract between the two, so neither restates it.
 */
import { z } from 'zod';

export const sheetSummarySchema = z.object({
  source: z.string(),
  sheet: z.string(),
  /** Template title as users know it. */
  template: z.string(),
  rows: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
});

export const sourceSummarySchema = z.object({
  name: z.string(),
  mmo: z.number().int().nullable(),
  status: z.enum(['ok', 'failed']),
  stale: z.boolean(),
  rows: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
  reason: z.string().optional(),
});

export const syncAnswerSchema = z.object({
  runId: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** null for a sync of the whole region. */
  mmo: z.number().int().nullable(),
  sources: z.array(sourceSummarySchema),
  sheets: z.array(sheetSummarySchema),
  /** Up to 50 problems, each already formatted in Russian with file, sheet, row and column. */
  problems: z.array(z.object({ severity: z.enum(['error', 'warning']), text: z.string() })),
});

export type SyncAnswer = z.infer<typeof syncAnswerSchema>;

/** Every error answer of the service: `{ "error": "Русское сообщение" }`. */
export const errorAnswerSchema = z.object({ error: z.string() });
