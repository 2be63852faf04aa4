import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local WhatsApp Cloud API (node:http, in memory) following Meta's documented wire format:
// `POST /{version}/{phone-number-id}/messages` with `Authorization: Bearer <token>`; template,
// text and interactive reply-button bodies validated as the reference describes them; success
// `{messaging_product: 'whatsapp', contacts: [{input, wa_id}], messages: [{id: 'wamid.…'}]}`;
// errors `{error: {message, type, code, error_subcode?, error_data?, fbtrace_id}}` (190 bad token,
// 100 invalid parameter / unknown object, 130429 throughput, 131047 re-engagement, 1 unknown 5xx).
// It records what it accepted and POSTs webhooks back signed with the app secret
// (`X-Hub-Signature-256: sha256=<hex>`) in the `entry[].changes[].value` shape.

export type Json = Record<string, unknown>;
export type SentMessage = { phoneNumberId: string; version: string; body: Json; wamid: string };
export type Failure = 'throughput' | 'reengagement' | 'server' | 'token';
export type WhatsAppFakeOptions = {
  /** Graph API version the fake answers on (others are 400 like Meta's unknown path). */
  version?: string;
  phoneNumberId?: string;
  wabaId?: string;
  displayPhone?: string;
  accessToken?: string;
  appSecret?: string;
};

const fbtrace = () => randomBytes(8).toString('base64url');
const graphError = (status: number, error: Json) => ({ status, body: { error: { ...error, fbtrace_id: fbtrace() } } });
const invalid = (details: string) =>
  graphError(400, {
    message: '(#100) Invalid parameter',
    type: 'OAuthException',
    code: 100,
    error_data: { messaging_product: 'whatsapp', details },
  });
const FAILURES: Record<Failure, () => { status: number; body: Json }> = {
  throughput: () =>
    graphError(400, {
      message: '(#130429) Rate limit hit',
      type: 'OAuthException',
      code: 130429,
      error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' },
    }),
  reengagement: () =>
    graphError(400, {
      message: '(#131047) Re-engagement message',
      type: 'OAuthException',
      code: 131047,
      error_data: {
        messaging_product: 'whatsapp',
        details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      },
    }),
  server: () => graphError(500, { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1, is_transient: true }),
  token: () =>
    graphError(401, {
      message: 'Error validating access token: Session has expired.',
      type: 'OAuthException',
      code: 190,
      error_subcode: 463,
    }),
};

/** The documented request shape; a string says what is wrong (Meta's `error_data.details`). */
export function validateSend(body: Json): string | null {
  if (body.messaging_product !== 'whatsapp') return 'messaging_product must be "whatsapp"';
  if (typeof body.to !== 'string' || !/^\d{7,15}$/.test(body.to)) return 'to: a phone number in international format, digits only';
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') return 'recipient_type: individual';
  switch (body.type) {
    case 'template': {
      const t = body.template as Json | undefined;
      if (!t || typeof t.name !== 'string' || !t.name) return 'template.name is required';
      const language = t.language as Json | undefined;
      if (!language || typeof language.code !== 'string') return 'template.language.code is required';
      for (const c of (t.components as Json[] | undefined) ?? []) {
        if (!['header', 'body', 'button', 'footer'].includes(String(c.type))) return `template.components: unknown type ${String(c.type)}`;
        const params = c.parameters as Json[] | undefined;
        if (!Array.isArray(params)) return 'template.components[].parameters must be an array';
        if (c.type === 'button') {
          if (c.sub_type !== 'quick_reply' && c.sub_type !== 'url') return 'button sub_type: quick_reply or url';
          if (typeof c.index !== 'string' || !/^\d$/.test(c.index)) return 'button index: a string 0-9';
          if (c.sub_type === 'quick_reply' && params.some((p) => p.type !== 'payload' || typeof p.payload !== 'string'))
            return 'quick_reply parameters: {type: payload, payload}';
        } else if (params.some((p) => p.type === 'text' && (typeof p.text !== 'string' || !p.text)))
          return 'text parameters need a non-empty text';
      }
      return null;
    }
    case 'text': {
      const t = body.text as Json | undefined;
      if (!t || typeof t.body !== 'string' || !t.body || t.body.length > 4096) return 'text.body: 1 to 4096 characters';
      return null;
    }
    case 'interactive': {
      const i = body.interactive as Json | undefined;
      if (!i || i.type !== 'button') return 'interactive.type: button (the fake knows reply buttons)';
      const text = (i.body as Json | undefined)?.text;
      if (typeof text !== 'string' || !text || text.length > 1024) return 'interactive.body.text: 1 to 1024 characters';
      const buttons = ((i.action as Json | undefined)?.buttons as Json[] | undefined) ?? [];
      if (buttons.length < 1 || buttons.length > 3) return 'interactive.action.buttons: 1 to 3';
      for (const b of buttons) {
        const reply = b.reply as Json | undefined;
        if (b.type !== 'reply' || !reply || typeof reply.id !== 'string' || typeof reply.title !== 'string')
          return 'buttons: {type: reply, reply: {id, title}}';
        if ([...reply.title].length > 20 || reply.id.length > 256) return 'button title ≤ 20 characters, id ≤ 256';
      }
      return null;
    }
    default:
      return `type: unsupported message type ${String(body.type)}`;
  }
}

export async function startWhatsAppFake(options: WhatsAppFakeOptions = {}) {
  const o = {
    version: 'v26.0',
    phoneNumberId: '106540352242922',
    wabaId: '102290129340398',
    displayPhone: '923000000001',
    accessToken: `EAAG${randomBytes(24).toString('hex')}`,
    appSecret: 'whatsapp-app-secret-for-tests',
    ...options,
  };
  const sent: SentMessage[] = [];
  const failures: Failure[] = [];
  let seq = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = handle(req, Buffer.concat(chunks).toString('utf8'));
      res.writeHead(r.status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(r.body));
    });
  });

  function handle(req: IncomingMessage, raw: string): { status: number; body: Json } {
    const m = /^\/(v\d+\.\d)\/([^/]+)\/messages$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (req.method !== 'POST' || !m) return graphError(400, { message: 'Unknown path components', type: 'OAuthException', code: 2500 });
    if (m[1] !== o.version) return graphError(400, { message: `Unknown version: ${m[1]}`, type: 'OAuthException', code: 2635 });
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer '))
      return graphError(400, {
        message: 'An active access token must be used to query information about the current user.',
        type: 'OAuthException',
        code: 2500,
      });
    if (auth.slice(7) !== o.accessToken)
      return graphError(401, { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 });
    if (m[2] !== o.phoneNumberId)
      return graphError(400, {
        message: `Unsupported post request. Object with ID '${m[2]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        type: 'GraphMethodException',
        code: 100,
        error_subcode: 33,
      });
    let body: Json;
    try {
      body = JSON.parse(raw) as Json;
    } catch {
      return invalid('The request body is not JSON');
    }
    const failure = failures.shift();
    if (failure) return FAILURES[failure]();
    const problem = validateSend(body);
    if (problem) return invalid(problem);
    const wamid = `wamid.HBgM${Buffer.from(`${body.to as string}:${++seq}:${randomBytes(6).toString('hex')}`).toString('base64')}`;
    sent.push({ phoneNumberId: m[2], version: m[1], body, wamid });
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: body.to, wa_id: body.to }],
        messages: [body.type === 'template' ? { id: wamid, message_status: 'accepted' } : { id: wamid }],
      },
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const unix = (at: Date = new Date()) => String(Math.floor(at.getTime() / 1000));

  /** The documented envelope around one change value of this number. */
  const envelope = (value: Json) => ({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: o.wabaId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: o.displayPhone, phone_number_id: o.phoneNumberId },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  });

  const fake = {
    url,
    ...o,
    sent,
    /** The next send answers this error instead (in order). */
    failNext(...f: Failure[]) {
      failures.push(...f);
    },
    envelope,
    statusValue(
      wamid: string,
      status: 'sent' | 'delivered' | 'read' | 'failed',
      opts: { to?: string; at?: Date; errorCode?: number } = {},
    ): Json {
      const recipient = opts.to ?? sent.find((s) => s.wamid === wamid)?.body.to ?? '923001234567';
      const item: Json = { id: wamid, status, timestamp: unix(opts.at), recipient_id: recipient };
      if (status !== 'failed' && status !== 'read')
        Object.assign(item, {
          conversation: { id: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', origin: { type: 'utility' } },
          pricing: { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' },
        });
      if (status === 'failed') {
        const code = opts.errorCode ?? 131047;
        const title = code === 131047 ? 'Re-engagement message' : 'Message undeliverable';
        item.errors = [{ code, title, message: title, error_data: { details: `${title}.` } }];
      }
      return { statuses: [item] };
    },
    textValue(from: string, text: string, opts: { at?: Date; id?: string; name?: string } = {}): Json {
      return {
        contacts: [{ profile: { name: opts.name ?? 'Shopper' }, wa_id: from }],
        messages: [
          {
            from,
            id: opts.id ?? `wamid.in.${randomBytes(8).toString('hex')}`,
            timestamp: unix(opts.at),
            type: 'text',
            text: { body: text },
          },
        ],
      };
    },
    /** A template's quick-reply button pressed (type `button`, with the payload we set). */
    buttonValue(from: string, contextWamid: string, text: string, payload: string, opts: { at?: Date; id?: string } = {}): Json {
      return {
        contacts: [{ profile: { name: 'Shopper' }, wa_id: from }],
        messages: [
          {
            context: { from: o.displayPhone, id: contextWamid },
            from,
            id: opts.id ?? `wamid.in.${randomBytes(8).toString('hex')}`,
            timestamp: unix(opts.at),
            type: 'button',
            button: { text, payload },
          },
        ],
      };
    },
    /** An interactive reply button pressed. */
    buttonReplyValue(from: string, contextWamid: string, id: string, title: string, opts: { at?: Date; messageId?: string } = {}): Json {
      return {
        contacts: [{ profile: { name: 'Shopper' }, wa_id: from }],
        messages: [
          {
            context: { from: o.displayPhone, id: contextWamid },
            from,
            id: opts.messageId ?? `wamid.in.${randomBytes(8).toString('hex')}`,
            timestamp: unix(opts.at),
            type: 'interactive',
            interactive: { type: 'button_reply', button_reply: { id, title } },
          },
        ],
      };
    },
    sign(raw: string, secret = o.appSecret) {
      return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
    },
    /** POSTs the values as one delivery to `target` (Rapport's /webhooks/whatsapp), signed unless told otherwise. */
    async deliver(target: string, values: Json | Json[], opts: { signature?: string | null } = {}) {
      const all = Array.isArray(values) ? values : [values];
      const payload = envelope(all[0]!);
      // Several values of one number in one delivery: more changes in the entry.
      const changes = (payload.entry[0]!.changes as Json[]).slice();
      for (const v of all.slice(1)) changes.push(envelope(v).entry[0]!.changes[0]!);
      payload.entry[0]!.changes = changes as (typeof payload.entry)[0]['changes'];
      const raw = JSON.stringify(payload);
      const signature = opts.signature === undefined ? fake.sign(raw) : opts.signature;
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) },
        body: raw,
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as Json | null, raw };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}

export type WhatsAppFake = Awaited<ReturnType<typeof startWhatsAppFake>>;
