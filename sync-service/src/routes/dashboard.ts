/**
 * The dashboard: `GET /` for anyone (counts only, no personal data), and `POST /sync`, the
 * no-JavaScript fallback of the «Синхронизировать сейчас» button, with the РМЦ token in the form.
 */
import { randomBytes } from 'node:crypto';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { firstZodMessage } from '../zod-russian.js';
import { dashboardPageCache } from '../dashboard/cache.js';
import { messagePage } from '../dashboard/page.js';
import type { TokenRegistry } from '../middleware/auth/index.js';
import type { SyncRunner } from '../sync/runner.js';
import { submissionsSection } from '../dashboard/submissions-section.js';
import { DEADLINES_SLOT } from '../dashboard/page.js';
import type { SubmissionDesk } from '../submissions/desk.js';
import { personalIndex, redactText } from '../engine/privacy.js';

const pageQuery = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'Месяц — в виде 2022-11' })
    .optional(),
  synced: z
    .string()
    .regex(/^\d{1,12}$/, { error: 'Номер синхронизации — число' })
    .optional(),
});

const syncForm = z.strictObject({
  token: z.string({ error: 'Вставьте токен РМЦ.' }).trim().min(1, { error: 'Вставьте токен РМЦ.' }),
});

/** The inline script runs by nonce; styles are inline by design (no user value reaches them). */
export function csp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface DashboardDeps {
  readonly runner: SyncRunner;
  readonly tokens: TokenRegistry;
  readonly timeZone: string;
  readonly nextSyncAt: () => string | null;
  readonly now?: () => Date;
  readonly desk?: SubmissionDesk;
}

export function dashboardRoutes(deps: DashboardDeps) {
  const now = deps.now ?? (() => new Date());
  const pageOf = dashboardPageCache(deps.timeZone);
  return new Hono()
    .get(
      '/',
      zValidator('query', pageQuery, (result, c) => {
        if (!result.success)
          return c.html(
            messagePage('Неверный адрес', firstZodMessage(result.error.issues, 'Неверный адрес страницы.')),
            400,
          );
      }),
      async (c) => {
        const { month, synced } = c.req.valid('query');
        const nonce = randomBytes(16).toString('base64');
        const page = await pageOf(deps.runner.latest(), {
          running: deps.runner.running() !== null,
          nextSyncAt: deps.nextSyncAt(),
          month,
          now: now(),
          nonce,
          notice: ({ run }) =>
            synced && run
              ? run.runId === Number(synced) && run.status === 'failed'
                ? { kind: 'error' as const, text: `Синхронизация №${synced} не удалась: ${run.error ?? ''}` }
                : { kind: 'ok' as const, text: `Синхронизация №${synced} выполнена.` }
              : undefined,
        });
        c.header('Content-Security-Policy', csp(nonce));
        c.header('Cache-Control', 'no-store');
        const consolidation = deps.runner.latest().consolidation;
        const deadlines = deps.desk
          ? String(
              await submissionsSection(await deps.desk.view(), {
                timeZone: deps.timeZone,
                mailConfigured: deps.desk.mailer !== null,
                redact: (text) => (consolidation ? redactText(text, personalIndex(consolidation)) : text),
              }),
            )
          : '';
        return c.html(page.replace(DEADLINES_SLOT, () => deadlines));
      },
    )
    .post(
      '/sync',
      zValidator('form', syncForm, (result, c) => {
        if (!result.success)
          return c.html(
            messagePage('Нужен токен', firstZodMessage(result.error.issues, 'Вставьте токен РМЦ.')),
            400,
          );
      }),
      async (c) => {
        const principal = deps.tokens.verify(c.req.valid('form').token);
        if (!principal) {
          return c.html(
            messagePage(
              'Токен не подошёл',
              'Проверьте, что токен скопирован целиком, или попросите новый в РМЦ.',
            ),
            401,
          );
        }
        if (principal.role.kind !== 'rmc') {
          return c.html(
            messagePage(
              'Нет доступа',
              `Синхронизацию всего региона запускает только РМЦ. Этот токен даёт доступ только к ММО №${principal.role.mmo}.`,
            ),
            403,
          );
        }
        const result = await deps.runner.sync({ mmo: null, trigger: 'dashboard' });
        return c.redirect(`/?synced=${result.run.runId}#top`, 303);
      },
    );
}
