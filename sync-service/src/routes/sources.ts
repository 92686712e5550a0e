/**
 * Files sent by the ММО: `POST /api/sources/:mmo` (that ММО's token or rmc; multipart field
 * «file»), `GET /api/sources` and `GET /api/sources/:mmo/versions` (the history: who sent what and
 * when), `GET /api/sources/:mmo/versions/:id` (the file itself). An ММО token sees only its own ММО.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { assertMmoAccess, requireRmc, type AppEnv } from '../middleware/auth/index.js';
import { errorJson } from '../middleware/errors/index.js';
import { validate } from '../middleware/validate/index.js';
import { tooLargeMessage } from '../uploads/check-upload.js';
import type { UploadReceiver } from '../uploads/receive-upload.js';
import { VERSION_ID, type UploadStore } from '../uploads/upload-store.js';
import { mmoNumber, mmoParam } from './params.js';

/** Room for the multipart framing and the other fields around the file itself. */
export const MULTIPART_SLACK = 64 * 1024;

export const NO_FILE = 'Нужен один файл .xlsx в поле «file» запроса multipart/form-data.';

/** The file of a parsed multipart body, or what is wrong with it. */
export async function fileFromForm(
  form: Record<string, unknown>,
): Promise<{ bytes: Uint8Array; fileName: string } | { error: string }> {
  const value = form.file;
  if (Array.isArray(value)) return { error: 'Отправьте один файл за раз: в поле «file» их несколько.' };
  if (!(value instanceof File)) return { error: NO_FILE };
  return { bytes: new Uint8Array(await value.arrayBuffer()), fileName: value.name || 'файл.xlsx' };
}

export function uploadBodyLimit(maxUploadBytes: number) {
  return bodyLimit({
    maxSize: maxUploadBytes + MULTIPART_SLACK,
    onError: (c: Context) => errorJson(c, 413, tooLargeMessage(maxUploadBytes)),
  });
}

const versionParam = z.object({
  mmo: mmoNumber,
  id: z.string().regex(VERSION_ID, { error: 'Такой версии файла нет.' }),
});

/** «ММО-3 2026-12-02 01-45-12 План.xlsx»: a download says whose, when and what it was. */
function downloadName(record: { mmo: number; receivedAt: string; fileName: string }): string {
  return `ММО-${record.mmo} ${record.receivedAt.slice(0, 19).replace('T', ' ').replace(/:/g, '-')} ${record.fileName}`;
}

export function sourceRoutes(deps: { receiver: UploadReceiver; store: UploadStore; maxUploadBytes: number }) {
  return new Hono<AppEnv>()
    .get('/', requireRmc(), async (c) => c.json({ versions: await deps.store.list() }))
    .post(
      '/:mmo',
      validate('param', mmoParam),
      // Access before the body: another ММО's caller learns nothing from how its file is judged.
      async (c, next) => {
        assertMmoAccess(c.get('principal'), c.req.valid('param').mmo);
        await next();
      },
      uploadBodyLimit(deps.maxUploadBytes),
      async (c) => {
        const { mmo } = c.req.valid('param');
        const outcome = await deps.receiver.receive(mmo, c.get('principal'), async () => {
          const type = c.req.header('Content-Type') ?? '';
          if (!/^multipart\/form-data/i.test(type)) return { error: NO_FILE };
          return fileFromForm(await c.req.parseBody({ all: true }));
        });
        if (!outcome.ok) return errorJson(c, outcome.status, outcome.error);
        return c.json(outcome.answer);
      },
    )
    .get('/:mmo/versions', validate('param', mmoParam), async (c) => {
      const { mmo } = c.req.valid('param');
      assertMmoAccess(c.get('principal'), mmo);
      return c.json({ mmo, versions: await deps.store.list(mmo) });
    })
    .get('/:mmo/versions/:id', validate('param', versionParam), async (c) => {
      const { mmo, id } = c.req.valid('param');
      assertMmoAccess(c.get('principal'), mmo);
      const found = await deps.store.get(mmo, id);
      if (!found)
        return errorJson(
          c,
          404,
          `Версии ${id} у ММО №${mmo} нет: список версий — GET /api/sources/${mmo}/versions.`,
        );
      const name = downloadName(found.record);
      c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      c.header(
        'Content-Disposition',
        `attachment; filename="upload.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      );
      return c.body(new Uint8Array(found.bytes));
    });
}
