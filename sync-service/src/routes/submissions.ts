/**
 * GET /api/submissions[?mmo=n] — every (ММО, form) with a deadline: status, deadline, when received,
 * the last review (РМЦ all, an ММО token its own). POST /api/submissions/:mmo/:form/review — РМЦ
 * accepts or returns with a comment.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import {
  AccessDenied,
  MESSAGES,
  onlyMmoMessage,
  scopeFor,
  type AppEnv,
  type Principal,
} from '../middleware/auth/index.js';
import { validate } from '../middleware/validate/index.js';
import { ReviewRefused, type SubmissionDesk } from '../submissions/desk.js';
import { formParam, reviewBody } from '../submissions/schemas.js';
import { publicChange, type SubmissionStatus } from '../submissions/status.js';
import { mmoNumber, mmoQuery } from './params.js';
import { z } from 'zod';

export function statusJson(s: SubmissionStatus) {
  return {
    mmo: s.mmo,
    form: s.form,
    formLabel: s.formLabel,
    status: s.state,
    statusLabel: s.changedAfterAccept ? `${s.stateLabel}, изменено после приёмки` : s.stateLabel,
    deadline: s.deadline,
    deadlineText: s.deadlineText,
    daysLeft: s.daysLeft,
    receivedAt: s.receivedAt,
    receivedOnTime: s.receivedOnTime,
    lastChangedAt: s.lastChangedAt,
    resubmitted: s.resubmitted,
    lastReview: s.lastReview,
    changedAfterAccept: s.changedAfterAccept,
    // Only РМЦ and the own ММО get here: they may see their personal data.
    changesSinceAccept: s.changesSinceAccept.map((c) => publicChange(c, true)),
  };
}

export function assertRmc(principal: Principal): void {
  if (principal.role.kind !== 'rmc')
    throw new AccessDenied(`${MESSAGES.rmcOnly} ${onlyMmoMessage(principal.role.mmo)}.`);
}

export function submissionRoutes(deps: { desk: SubmissionDesk }) {
  return new Hono<AppEnv>()
    .get('/', validate('query', mmoQuery), async (c) => {
      const scope = scopeFor(c.get('principal'), c.req.valid('query').mmo);
      const view = await deps.desk.view();
      return c.json({
        academicYear: view.academicYear,
        mmo: scope,
        rates: view.rates.filter((r) => scope === null || r.mmo === scope),
        submissions: view.statuses.filter((s) => scope === null || s.mmo === scope).map(statusJson),
      });
    })
    .post(
      '/:mmo/:form/review',
      // Who before what: an ММО token learns nothing from how its body would be judged.
      async (c, next) => {
        assertRmc(c.get('principal'));
        await next();
      },
      validate('param', z.object({ mmo: mmoNumber, form: formParam })),
      validate('json', reviewBody),
      async (c) => {
        const { mmo, form } = c.req.valid('param');
        const { decision, comment } = c.req.valid('json');
        const principal = c.get('principal');
        try {
          const status = await deps.desk.review({
            mmo,
            form,
            decision,
            comment,
            by: principal.name ?? 'РМЦ',
          });
          return c.json(statusJson(status));
        } catch (e) {
          if (e instanceof ReviewRefused) throw new HTTPException(409, { message: e.message });
          throw e;
        }
      },
    );
}
