/** The review as РМЦ sends it, from the API or the dashboard's form: one schema, Russian messages. */
import { templateById } from '@mmo/templates';
import { z } from 'zod';

export const FORM_MESSAGE = 'Неизвестная форма: укажите её код, например mmo-plan или application';

export const formParam = z
  .string({ error: FORM_MESSAGE })
  .refine((id) => templateById(id) !== undefined, { error: FORM_MESSAGE });

export const reviewBody = z
  .strictObject(
    {
      decision: z.enum(['accept', 'return'], {
        error: 'Решение — "accept" (принять) или "return" (вернуть на доработку)',
      }),
      comment: z
        .string({ error: 'Комментарий — текст' })
        .trim()
        .max(2000, { error: 'Комментарий — не длиннее 2000 символов' })
        .default(''),
    },
    { error: 'Тело запроса — JSON-объект { "decision": "accept" | "return", "comment": "…" }' },
  )
  .refine((b) => b.decision !== 'return' || b.comment.length > 0, {
    error: 'Чтобы вернуть форму на доработку, напишите комментарий: что исправить',
    path: ['comment'],
  });

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, { error: 'Дата — в виде 2024-09-15' });

export const auditQuery = z.strictObject({
  mmo: z
    .string()
    .regex(/^[1-9]\d*$/, { error: 'Номер ММО — число' })
    .transform(Number)
    .optional(),
  form: formParam.optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
});
