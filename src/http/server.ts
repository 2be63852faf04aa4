import { createServer, type RequestListener, type Server } from 'node:http';
import type { Config } from '../config/config.ts';

/**
 * The HTTP server with its timeouts given at construction, where Node applies them (main.ts used
 * to set `requestTimeout` on the created server, which left Node's 300 s default in force):
 * a request must arrive whole within REQUEST_TIMEOUT_MS and its headers within
 * HEADERS_TIMEOUT_MS, else 408 and the connection is closed. Shared by main.ts and the tests.
 */
export function createHttpServer(handler: RequestListener, config: Pick<Config, 'REQUEST_TIMEOUT_MS' | 'HEADERS_TIMEOUT_MS'>): Server {
  return createServer(
    {
      requestTimeout: config.REQUEST_TIMEOUT_MS,
      headersTimeout: config.HEADERS_TIMEOUT_MS,
      // Longer than the usual load balancer idle timeout (60 s), so the balancer closes first.
      keepAliveTimeout: 65_000,
      // How often those timeouts are checked (Node's default is every 30 s).
      connectionsCheckingInterval: 1_000,
    },
    handler,
  );
}
