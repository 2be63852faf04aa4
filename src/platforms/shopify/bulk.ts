import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { assertOutsideUnitOfWork } from '../../lib/unit-of-work.guard.ts';
import type { ShopifyAdminClient, ShopifyUserError } from './admin-api.types.ts';
import { POLL_BULK_OPERATION, RUN_BULK_QUERY } from './sync.queries.ts';

// Runs one bulk query: start it, poll `node(id)` until it ends, and hand back the JSONL url.
// Failures are values, with the platform's reason.

type BulkOperation = {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string | number | null;
  rootObjectCount: string | number | null;
  url: string | null;
  partialDataUrl: string | null;
};

type BulkOutcome = { ok: true; operation: BulkOperation } | { ok: false; error: string };

export type BulkOptions = {
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  /** Called after each poll (progress while Shopify works). */
  onPoll?: (operation: BulkOperation) => Promise<void>;
  /** Gives up after this many polls (default: about a day at 5 s). */
  maxPolls?: number;
};

export async function runBulkQuery(client: ShopifyAdminClient, query: string, o: BulkOptions = {}): Promise<BulkOutcome> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = await client.mutation<{ bulkOperation: { id: string; status: string } | null; userErrors: ShopifyUserError[] }>(
    'bulkOperationRunQuery',
    RUN_BULK_QUERY,
    { query },
  );
  if (!started.ok) return { ok: false, error: started.error.message };
  if (started.userErrors.length || !started.data.bulkOperation) {
    return { ok: false, error: `Shopify refused the bulk query: ${started.userErrors.map((e) => e.message).join('; ') || 'no operation'}` };
  }
  const id = started.data.bulkOperation.id;
  for (let poll = 0; poll < (o.maxPolls ?? 17_280); poll += 1) {
    await sleep(o.pollMs ?? 5_000);
    const result = await client.query<{ node: BulkOperation | null }>(POLL_BULK_OPERATION, { id });
    if (!result.ok) {
      if (result.error.retryable) continue;
      return { ok: false, error: result.error.message };
    }
    const op = result.data.node;
    if (!op) return { ok: false, error: `Bulk operation ${id} not found` };
    await o.onPoll?.(op);
    if (op.status === 'COMPLETED') return { ok: true, operation: op };
    if (op.status === 'FAILED' || op.status === 'CANCELED' || op.status === 'EXPIRED') {
      return { ok: false, error: `Bulk operation ${op.status.toLowerCase()}${op.errorCode ? ` (${op.errorCode})` : ''}` };
    }
  }
  return { ok: false, error: 'Bulk operation did not finish in time' };
}

/** The result file, line by line, as it downloads (the url is signed: no access token is sent). */
export async function downloadJsonl(url: string): Promise<AsyncIterable<string>> {
  assertOutsideUnitOfWork('Downloading a bulk result');
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`Could not download the bulk result (${response.status})`);
  return createInterface({ input: Readable.fromWeb(response.body as ReadableStream), crlfDelay: Infinity });
}
