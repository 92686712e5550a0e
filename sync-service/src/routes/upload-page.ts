/**
 * `GET /upload`, the page a coordinator sends a file from, and `POST /upload`, its no-JavaScript
 * form post (token in a form field, since a plain form cannot set a header); with JavaScript the
 * page posts to /api/sources/:mmo instead.
 */
import { randomBytes } from 'node:crypto';
import { bodyLimit } from 'hono/body-limit';
import { Hono, type Context } from 'hono';
import { onlyMmoMessage, type TokenRegistry } from '../middleware/auth/index.js';
import { uploadPage, type UploadPageOptions } from '../dashboard/upload-page.js';
import { tooLargeMessage } from '../uploads/check-upload.js';
import type { UploadReceiver } from '../uploads/receive-upload.js';
import { csp } from './dashboard.js';
import { MMO_MESSAGE, mmoNumber } from './params.js';
import { fileFromForm, MULTIPART_SLACK } from './sources.js';

export interface UploadPageDeps {
  readonly receiver: UploadReceiver;
  readonly tokens: TokenRegistry;
  readonly maxUploadBytes: number;
}

function page(
  c: Context,
  deps: UploadPageDeps,
  status: 200 | 400 | 401 | 403 | 409 | 413 | 415 | 422,
  extra: Partial<UploadPageOptions> = {},
): Response | Promise<Response> {
  const nonce = randomBytes(16).toString('base64');
  c.header('Content-Security-Policy', csp(nonce));
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(uploadPage({ nonce, maxUploadBytes: deps.maxUploadBytes, ...extra }), status);
}

export function uploadPageRoutes(deps: UploadPageDeps) {
  return new Hono()
    .get('/', (c) => page(c, deps, 200))
    .post(
      '/',
      bodyLimit({
        maxSize: deps.maxUploadBytes + MULTIPART_SLACK,
        onError: (c) => page(c, deps, 413, { result: { error: tooLargeMessage(deps.maxUploadBytes) } }),
      }),
      async (c) => {
        const form = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
        const token = typeof form.token === 'string' ? form.token.trim() : '';
        const mmoParsed = mmoNumber.safeParse(typeof form.mmo === 'string' ? form.mmo : '');
        const mmo = mmoParsed.success ? mmoParsed.data : undefined;
        if (!token)
          return page(c, deps, 400, { mmo, result: { error: 'Вставьте токен ММО: его выдаёт РМЦ.' } });
        if (mmo === undefined) return page(c, deps, 400, { result: { error: MMO_MESSAGE } });
        const principal = deps.tokens.verify(token);
        if (!principal)
          return page(c, deps, 401, {
            mmo,
            result: {
              error: 'Токен не подошёл: проверьте, что он скопирован целиком, или попросите новый в РМЦ.',
            },
          });
        if (principal.role.kind === 'mmo' && principal.role.mmo !== mmo)
          return page(c, deps, 403, { mmo, result: { error: onlyMmoMessage(principal.role.mmo) } });
        const outcome = await deps.receiver.receive(mmo, principal, () => fileFromForm(form));
        if (!outcome.ok) return page(c, deps, outcome.status, { mmo, result: { error: outcome.error } });
        return page(c, deps, 200, { mmo, result: { answer: outcome.answer } });
      },
    );
}
