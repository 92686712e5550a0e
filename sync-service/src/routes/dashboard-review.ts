/**
 * POST /review: the dashboard's accept / return buttons without JavaScript — a form with the РМЦ
 * token, checked like the API's bearer token, then back to «Сроки и приёмка».
 */
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { messagePage } from '../dashboard/page.js';
import type { TokenRegistry } from '../middleware/auth/index.js';
import { ReviewRefused, type SubmissionDesk } from '../submissions/desk.js';
import { formParam, reviewBody } from '../submissions/schemas.js';
import { mmoNumber } from './params.js';

const reviewForm = z.strictObject({
  token: z.string({ error: 'Вставьте токен РМЦ.' }).trim().min(1, { error: 'Вставьте токен РМЦ.' }),
  mmo: mmoNumber,
  form: formParam,
  decision: z.string({ error: 'Нажмите «Принять» или «Вернуть».' }),
  comment: z.string().optional(),
});

export function reviewFormRoutes(deps: { desk: SubmissionDesk; tokens: TokenRegistry }) {
  return new Hono().post(
    '/review',
    zValidator('form', reviewForm, (result, c) => {
      if (!result.success)
        return c.html(
          messagePage('Решение не принято', result.error.issues[0]?.message ?? 'Неверная форма.'),
          400,
        );
    }),
    async (c) => {
      const form = c.req.valid('form');
      const principal = deps.tokens.verify(form.token);
      if (!principal)
        return c.html(
          messagePage(
            'Токен не подошёл',
            'Проверьте, что токен скопирован целиком, или попросите новый в РМЦ.',
          ),
          401,
        );
      if (principal.role.kind !== 'rmc') {
        return c.html(
          messagePage(
            'Нет доступа',
            `Принимает и возвращает формы только РМЦ. Этот токен даёт доступ только к ММО №${principal.role.mmo}.`,
          ),
          403,
        );
      }
      const body = reviewBody.safeParse({ decision: form.decision, comment: form.comment ?? '' });
      if (!body.success)
        return c.html(
          messagePage('Решение не принято', body.error.issues[0]?.message ?? 'Неверная форма.'),
          400,
        );
      try {
        await deps.desk.review({ mmo: form.mmo, form: form.form, ...body.data, by: principal.name ?? 'РМЦ' });
      } catch (e) {
        if (e instanceof ReviewRefused) return c.html(messagePage('Решение не принято', e.message), 409);
        throw e;
      }
      return c.redirect('/#deadlines', 303);
    },
  );
}
