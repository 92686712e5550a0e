/**
 * GET /api/audit?mmo=&form=&from=&to= — the append-only log of receipts, changes, reviews, uploads
 * and letters, oldest first. РМЦ only: it may see every ММО's personal data, so values stay whole.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../middleware/auth/index.js';
import { validate } from '../middleware/validate/index.js';
import type { SubmissionDesk } from '../submissions/desk.js';
import { auditQuery } from '../submissions/schemas.js';
import { assertRmc } from './submissions.js';

export function auditRoutes(deps: { desk: SubmissionDesk }) {
  return new Hono<AppEnv>().get(
    '/',
    async (c, next) => {
      assertRmc(c.get('principal'));
      await next();
    },
    validate('query', auditQuery),
    async (c) => {
      const q = c.req.valid('query');
      // A bare date as «to» means the whole of that day.
      const to =
        q.to && q.to.length === 10
          ? new Date(Date.parse(q.to) + 86_400_000).toISOString().slice(0, 10)
          : q.to;
      const entries = await deps.desk.store.audit({
        ...(q.mmo ? { mmo: q.mmo } : {}),
        ...(q.form ? { form: q.form } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(to ? { to } : {}),
      });
      return c.json({ count: entries.length, entries });
    },
  );
}
