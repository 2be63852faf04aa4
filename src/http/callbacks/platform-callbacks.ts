import express, { type Router } from 'express';
import type { WooConnect } from '../../platforms/woocommerce/connect.service.ts';
import { HttpError } from '../errors.ts';

// Anonymous calls a platform makes back to us during a set-up, outside the admin API (no admin
// auth, not in OpenAPI): what proves them is in the payload, checked by the platform's service.

export function platformCallbacksRouter(deps: { wooConnect?: WooConnect }): Router {
  const router = express.Router();
  const { wooConnect } = deps;
  if (wooConnect) {
    // WooCommerce posts the REST keys it created, with our signed state in user_id; they are
    // stored at once and the set-up continues after the 200. Sent as `application/json;charset=UTF-8`,
    // a few hundred bytes, read leniently here and checked by the service.
    router.post('/wc-auth/callback', express.json({ limit: '16kb' }), async (req, res) => {
      const r = await wooConnect.acceptCallback(req.body ?? {});
      if (!r.ok) throw new HttpError(r.kind, r.message);
      res.status(200).json({ ok: true });
    });
  }
  return router;
}
