import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../../lib/logger.ts';
import { assertNoUnitOpen } from '../../lib/unit-of-work.guard.ts';

// A request that starts while a unit of work is open on the store's connection would run its
// queries inside that unit (SQLite). It can only happen when a unit awaited real I/O, which the
// guard reports; here the request is refused with a 500 in dev and test, served in production
// (where the guard only logs). Checked before the webhook fast path and Express alike.

export function refuseDuringUnitOfWork(handler: RequestListener, logger: Logger): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    try {
      assertNoUnitOpen(`An HTTP request (${req.method ?? 'GET'})`);
    } catch (err) {
      logger.error({ err }, 'unit of work guard');
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'internal', message: 'Internal error' } }));
      return;
    }
    handler(req, res);
  };
}
