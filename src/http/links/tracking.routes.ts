import express, { type Router } from 'express';
import { recordClick, recordOpen } from '../../crm/messaging/tracking.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import { createMemorySharedState, type SharedState } from '../../lib/shared-state.ts';
import { rateLimit } from '../storefront/rate-limit.ts';

// Tracked links and the open pixel of mail (crm/messaging/tracking.service.ts), anonymous and cheap:
// the token is checked by its HMAC alone, then one keyed update and one insert. `GET /c/:token`
// answers 302 to the link the token carries (signed: no open redirect); `GET /o/:token.gif` a
// transparent pixel whatever happened (a mail client shows nothing either way). Limited per client
// address like the other anonymous routes; a limited click still goes to the shop, unrecorded.

// The smallest transparent GIF (43 bytes).
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export function trackingRouter(deps: { store: CrmStore; trackingKey: Buffer; sharedState?: SharedState }): Router {
  const router = express.Router();
  const state = deps.sharedState ?? createMemorySharedState();
  const perClient = state.limiter({ keyPrefix: 'tracking_ip', points: 120, duration: 60, hot: true });
  const limited = rateLimit([{ limiter: perClient, key: (res) => res.req.ip ?? null, what: 'from this address' }]);

  router.get('/c/:token', limited, async (req, res) => {
    const outcome = await recordClick(deps.store, deps.trackingKey, String(req.params.token), new Date().toISOString());
    res.setHeader('cache-control', 'no-store').setHeader('referrer-policy', 'no-referrer');
    if (outcome.outcome === 'invalid_token') {
      return res.status(400).type('html')
        .send(`<!doctype html><html lang="en"><meta charset="utf-8"><meta name="robots" content="noindex"><title>Invalid link</title>
<p role="alert">This link is not valid (${outcome.reason === 'bad_signature' ? 'signature does not match' : 'malformed token'}).</p></html>`);
    }
    res.redirect(302, outcome.url);
  });

  router.get('/o/:file', limited, async (req, res) => {
    const file = String(req.params.file);
    if (file.endsWith('.gif')) await recordOpen(deps.store, deps.trackingKey, file.slice(0, -4), new Date().toISOString());
    res.status(200).setHeader('cache-control', 'no-store, private').type('image/gif').send(PIXEL);
  });
  return router;
}
