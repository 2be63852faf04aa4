import express, { type Router } from 'express';
import { unsubscribe } from '../../crm/messaging/unsubscribe.service.ts';
import { verifyUnsubscribeToken } from '../../crm/messaging/unsubscribe-token.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import { createMemorySharedState, type SharedState } from '../../lib/shared-state.ts';
import { rateLimit } from '../storefront/rate-limit.ts';
import { pageLanguage, unsubscribePage } from './unsubscribe.page.ts';

// The one-click unsubscribe link of marketing mail (RFC 8058), anonymous and cheap: the token is
// checked by its HMAC alone (no lookup), a POST then does keyed reads and one consent write.
// `GET /u/:token` shows a confirmation page with a button (link scanners that follow GETs change
// nothing); `POST /u/:token` (a mail client's `List-Unsubscribe=One-Click`, or the button)
// unsubscribes at once and again harmlessly. A bad token is a 400 page naming the reason.
// Limited per client address like the other anonymous routes.

const REASONS = { malformed: 'malformed token', bad_signature: 'signature does not match' } as const;

export function unsubscribeRouter(deps: { store: CrmStore; unsubscribeKey: Buffer; sharedState?: SharedState }): Router {
  const router = express.Router();
  const state = deps.sharedState ?? createMemorySharedState();
  const perClient = state.limiter({ keyPrefix: 'unsubscribe_ip', points: 30, duration: 60, hot: true });
  const limited = rateLimit([{ limiter: perClient, key: (res) => res.req.ip ?? null, what: 'from this address' }]);
  const page = (res: express.Response, status: number, html: string) => {
    res.status(status).setHeader('cache-control', 'no-store').setHeader('referrer-policy', 'no-referrer').type('html').send(html);
  };

  router.get('/u/:token', limited, (req, res) => {
    const check = verifyUnsubscribeToken(deps.unsubscribeKey, String(req.params.token));
    if (!check.ok) return page(res, 400, unsubscribePage('invalid', 'en', REASONS[check.reason]));
    page(res, 200, unsubscribePage('confirm', pageLanguage(check.claims.language)));
  });

  // The body (`List-Unsubscribe=One-Click`, urlencoded or multipart) says nothing the token does not: it is not read.
  router.post('/u/:token', limited, async (req, res) => {
    const outcome = await unsubscribe(deps.store, deps.unsubscribeKey, String(req.params.token), new Date().toISOString());
    if (outcome.outcome === 'invalid_token') return page(res, 400, unsubscribePage('invalid', 'en', REASONS[outcome.reason]));
    page(res, 200, unsubscribePage('done', pageLanguage(outcome.claims.language)));
  });
  return router;
}
