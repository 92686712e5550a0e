/** Inputs shared by the routes, as zod schemas with the Russian messages users read. */
import { DISTRICTS } from '@mmo/shared';
import { z } from 'zod';

const MAX_MMO = Math.max(...DISTRICTS.map((d) => d.no));
export const MMO_MESSAGE = `Номер ММО должен быть от 1 до ${MAX_MMO}`;

/** Exactly the digits of an existing ММО: «../../etc», «3.0», «03» and arrays are all rejected. */
export const mmoNumber = z
  .string({ error: MMO_MESSAGE })
  .regex(/^[1-9]\d*$/, { error: MMO_MESSAGE })
  .transform(Number)
  .refine((n) => DISTRICTS.some((d) => d.no === n), { error: MMO_MESSAGE });

export const mmoParam = z.object({ mmo: mmoNumber });

export const mmoQuery = z.strictObject({ mmo: mmoNumber.optional() });

/** What the add-on or a script may say about the trigger; everything is optional. */
export const syncBody = z.strictObject(
  {
    trigger: z
      .enum(['api', 'addon', 'dashboard'], { error: 'trigger — одно из: "api", "addon", "dashboard"' })
      .optional(),
  },
  { error: 'Тело запроса — JSON-объект, например {} или { "trigger": "addon" }' },
);
