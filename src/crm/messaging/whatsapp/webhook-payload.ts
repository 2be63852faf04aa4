import { z } from 'zod';
import type { ProviderStatus } from '../messages.port.ts';
import type { InboundKind } from './inbound.port.ts';

// The Cloud API's webhook, read leniently (Meta adds fields): `{object: 'whatsapp_business_account',
// entry: [{id: <WABA id>, changes: [{field: 'messages', value}]}]}`; each `value` names the business
// number in `metadata.phone_number_id` and carries `statuses` (of messages we sent) and/or
// `messages` (what shoppers wrote: text, a template's quick-reply `button`, an `interactive`
// button_reply). Pure: the intake splits a delivery by value, the job reads each value.

const metadata = z.looseObject({ phone_number_id: z.string().min(1).max(64), display_phone_number: z.string().optional() });
const change = z.looseObject({ field: z.string(), value: z.looseObject({ metadata: metadata.optional() }).optional() });
const envelope = z.looseObject({
  object: z.string(),
  entry: z.array(z.looseObject({ id: z.string().optional(), changes: z.array(change).max(1000) })).max(1000),
});

export type WebhookChange = { phoneNumberId: string; value: Record<string, unknown> };

/** The `messages` changes of a delivery, each with its business number; an error says why the body is not one. */
export function changesOf(body: unknown): { ok: true; changes: WebhookChange[] } | { ok: false; reason: string } {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) return { ok: false, reason: 'not a WhatsApp webhook: {object, entry: [{changes: [...]}]} expected' };
  if (parsed.data.object !== 'whatsapp_business_account') return { ok: false, reason: `unexpected object: ${parsed.data.object}` };
  const changes: WebhookChange[] = [];
  for (const entry of parsed.data.entry) {
    for (const c of entry.changes) {
      if (c.field !== 'messages' || !c.value?.metadata) continue;
      changes.push({ phoneNumberId: c.value.metadata.phone_number_id, value: c.value });
    }
  }
  return { ok: true, changes };
}

const statusSchema = z.looseObject({
  id: z.string().min(1).max(256),
  status: z.string(),
  timestamp: z.string().regex(/^\d{1,12}$/),
  recipient_id: z.string().optional(),
  errors: z.array(z.looseObject({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional() })).optional(),
});

const messageSchema = z.looseObject({
  from: z.string().regex(/^\d{6,15}$/),
  id: z.string().min(1).max(256),
  timestamp: z.string().regex(/^\d{1,12}$/),
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  button: z.looseObject({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
    })
    .optional(),
  context: z.looseObject({ id: z.string().optional(), from: z.string().optional() }).optional(),
});

export type StatusReport = {
  providerMessageId: string;
  status: ProviderStatus;
  at: string;
  recipient: string | null;
  /** `code title: message` of the first error of a failed status. */
  error: string | null;
};

export type InboundReport = {
  providerMessageId: string;
  /** E.164. */
  from: string;
  at: string;
  kind: InboundKind;
  body: string;
  replyId: string | null;
  contextMessageId: string | null;
};

const PROVIDER_STATUSES = new Set<string>(['sent', 'delivered', 'read', 'failed']);
const instant = (unixSeconds: string) => new Date(Number(unixSeconds) * 1000).toISOString();

/** The statuses and inbound messages of one change value; malformed items are left out (and counted). */
export function readValue(value: Record<string, unknown>): { statuses: StatusReport[]; messages: InboundReport[]; skipped: number } {
  let skipped = 0;
  const statuses: StatusReport[] = [];
  for (const raw of Array.isArray(value.statuses) ? value.statuses : []) {
    const s = statusSchema.safeParse(raw);
    if (!s.success || !PROVIDER_STATUSES.has(s.data.status)) {
      skipped++;
      continue;
    }
    const e = s.data.errors?.[0];
    statuses.push({
      providerMessageId: s.data.id,
      status: s.data.status as ProviderStatus,
      at: instant(s.data.timestamp),
      recipient: s.data.recipient_id ?? null,
      error: e
        ? `${e.code ?? ''} ${e.title ?? ''}${e.message && e.message !== e.title ? `: ${e.message}` : ''}`.trim().slice(0, 500)
        : null,
    });
  }
  const messages: InboundReport[] = [];
  for (const raw of Array.isArray(value.messages) ? value.messages : []) {
    const m = messageSchema.safeParse(raw);
    if (!m.success) {
      skipped++;
      continue;
    }
    const d = m.data;
    const base = { providerMessageId: d.id, from: `+${d.from}`, at: instant(d.timestamp), contextMessageId: d.context?.id ?? null };
    if (d.type === 'text' && d.text) messages.push({ ...base, kind: 'text', body: d.text.body, replyId: null });
    else if (d.type === 'button' && d.button)
      messages.push({ ...base, kind: 'button', body: d.button.text ?? '', replyId: d.button.payload ?? null });
    else if (d.type === 'interactive' && d.interactive?.button_reply)
      messages.push({ ...base, kind: 'interactive', body: d.interactive.button_reply.title, replyId: d.interactive.button_reply.id });
    else if (d.type === 'interactive' && d.interactive?.list_reply)
      messages.push({ ...base, kind: 'interactive', body: d.interactive.list_reply.title, replyId: d.interactive.list_reply.id });
    else messages.push({ ...base, kind: 'other', body: `[${d.type}]`, replyId: null });
  }
  return { statuses, messages, skipped };
}
