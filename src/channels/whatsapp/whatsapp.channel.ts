import type { MessageChannel, OutgoingMessage, SendOutcome } from '../../crm/messaging/channel.port.ts';
import type { WhatsAppCredentials } from '../../crm/messaging/whatsapp/numbers.port.ts';
import { graphMessageBody, isFreeForm, waRecipient, whatsAppPayloadOf } from '../../crm/messaging/whatsapp/payload.ts';
import { assertOutsideUnitOfWork } from '../../lib/unit-of-work.guard.ts';

// The WhatsApp channel: the Cloud API's `POST {graph}/{version}/{phone-number-id}/messages` with
// the account's own number and token (looked up per send, kept a minute). Before calling Meta it
// refuses, for good, what Meta would refuse: no number connected, a recipient that is not E.164,
// and free-form content (text, reply buttons) outside the 24-hour customer-service window.
// Meta's answer: `messages[0].id` (the wamid) is the provider id the status webhooks name;
// an error `{error: {message, type, code, error_subcode, fbtrace_id}}` is retryable when it is
// throughput (HTTP 429, codes 4, 80007, 130429, 131056), Meta's side (5xx, codes 1, 2, 131000,
// 131016) or the network; everything else (131047 re-engagement, 131026 undeliverable, 190 bad
// token, 132xxx template problems) is not.

export type WhatsAppChannelOptions = {
  graphUrl: string;
  apiVersion: string;
  ratePerSecond: number;
  /** The account's number and token (cached here for `cacheMs`). */
  credentials: (accountId: string) => Promise<WhatsAppCredentials | undefined>;
  /** When that phone last wrote to the account on WhatsApp (the 24-hour window). */
  lastInboundAt: (accountId: string, phone: string) => Promise<string | null>;
  cacheMs?: number;
  timeoutMs?: number;
  now?: () => number;
};

const WINDOW_MS = 24 * 3600_000;
const RETRYABLE_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131056]);

type GraphError = {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  fbtrace_id?: string;
  error_data?: { details?: string };
};

export function createWhatsAppChannel(options: WhatsAppChannelOptions): MessageChannel {
  const base = `${options.graphUrl.replace(/\/+$/, '')}/${options.apiVersion}`;
  const cacheMs = options.cacheMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; value: WhatsAppCredentials | undefined }>();

  async function credentialsOf(accountId: string): Promise<WhatsAppCredentials | undefined> {
    const hit = cache.get(accountId);
    if (hit && now() - hit.at < cacheMs) return hit.value;
    const value = await options.credentials(accountId);
    cache.set(accountId, { at: now(), value });
    return value;
  }

  return {
    id: 'whatsapp',
    ratePerSecond: options.ratePerSecond,
    async send(m: OutgoingMessage): Promise<SendOutcome> {
      const content = whatsAppPayloadOf(m.payload ?? null);
      if (!content.ok) return { outcome: 'failed', retryable: false, error: content.reason };
      const to = waRecipient(m.to);
      if (!to) return { outcome: 'failed', retryable: false, error: `Not an E.164 phone number: ${m.to}` };
      if (isFreeForm(content.payload)) {
        const last = await options.lastInboundAt(m.accountId, m.to);
        if (!last || now() - Date.parse(last) >= WINDOW_MS)
          return {
            outcome: 'failed',
            retryable: false,
            error:
              'Outside the 24-hour customer-service window: the shopper has not written in the last 24 hours; send an approved template',
          };
      }
      const creds = await credentialsOf(m.accountId);
      if (!creds) return { outcome: 'failed', retryable: false, error: 'No WhatsApp number is connected for this shop' };
      assertOutsideUnitOfWork('A WhatsApp send');
      let res: Response;
      try {
        res = await fetch(`${base}/${encodeURIComponent(creds.phoneNumberId)}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${creds.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(graphMessageBody(to, content.payload)),
          signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
        });
      } catch (err) {
        return { outcome: 'failed', retryable: true, error: `WhatsApp Cloud API unreachable: ${(err as Error).message}` };
      }
      const text = await res.text().catch(() => '');
      let body: { messages?: Array<{ id?: string }>; error?: GraphError } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        // a proxy's html error page: judged by status alone
      }
      const wamid = body.messages?.[0]?.id;
      if (res.ok && wamid) return { outcome: 'sent', provider: 'whatsapp', providerMessageId: wamid };
      return failure(res.status, body.error);
    },
    async close() {},
  };
}

/** Meta's error, said with its code (never the token: Meta does not echo it). */
export function failure(status: number, e: GraphError | undefined): SendOutcome {
  const code = e?.code;
  const retryable = status === 429 || status >= 500 || (code !== undefined && RETRYABLE_CODES.has(code));
  const detail = e?.error_data?.details && e.error_data.details !== e.message ? ` (${e.error_data.details})` : '';
  const error = e
    ? `WhatsApp ${code ?? status}${e.error_subcode ? `/${e.error_subcode}` : ''}: ${e.message ?? e.type ?? 'error'}${detail}`
    : `WhatsApp Cloud API answered ${status}`;
  return { outcome: 'failed', retryable, error: error.slice(0, 500) };
}
