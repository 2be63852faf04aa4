import type { MessagePayload } from '../messages.port.ts';

// What a WhatsApp message says, as queued in `message_bodies.payload`, and the Cloud API request
// body it becomes (Meta's "Send messages" reference: template, text and interactive reply-button
// messages). Templates are the only messages Meta delivers outside the 24-hour customer-service
// window; text and buttons are replies inside it.

/** A template parameter exactly as the Graph API takes it. */
export type TemplateParameter = { type: 'text'; text: string } | { type: 'payload'; payload: string };
export type TemplateComponent =
  | { type: 'body' | 'header'; parameters: TemplateParameter[] }
  | { type: 'button'; sub_type: 'quick_reply'; index: string; parameters: Array<{ type: 'payload'; payload: string }> };

export type WhatsAppTemplatePayload = { type: 'template'; name: string; language: string; components: TemplateComponent[] };
export type WhatsAppTextPayload = { type: 'text'; body: string };
export type ReplyButton = { id: string; title: string };
export type WhatsAppButtonsPayload = { type: 'buttons'; body: string; buttons: ReplyButton[] };
export type WhatsAppPayload = WhatsAppTemplatePayload | WhatsAppTextPayload | WhatsAppButtonsPayload;

/** Meta's limits: body text 4,096 (text) / 1,024 (interactive), 1–3 buttons, titles ≤ 20, ids ≤ 256. */
export function whatsAppPayloadOf(payload: MessagePayload | null): { ok: true; payload: WhatsAppPayload } | { ok: false; reason: string } {
  if (!payload) return { ok: false, reason: 'a WhatsApp message needs a payload (template, text or buttons)' };
  const p = payload as Record<string, unknown>;
  if (p.type === 'template') {
    if (typeof p.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(p.name))
      return { ok: false, reason: 'template name: lower-case letters, digits and _' };
    if (typeof p.language !== 'string' || !/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(p.language))
      return { ok: false, reason: 'template language: a Meta language code such as en, ur or en_US' };
    if (!Array.isArray(p.components)) return { ok: false, reason: 'template components: an array' };
    return { ok: true, payload: p as WhatsAppTemplatePayload };
  }
  if (p.type === 'text') {
    if (typeof p.body !== 'string' || !p.body.trim() || p.body.length > 4096)
      return { ok: false, reason: 'text body: 1 to 4,096 characters' };
    return { ok: true, payload: p as WhatsAppTextPayload };
  }
  if (p.type === 'buttons') {
    if (typeof p.body !== 'string' || !p.body.trim() || p.body.length > 1024)
      return { ok: false, reason: 'buttons body: 1 to 1,024 characters' };
    const buttons = p.buttons as ReplyButton[];
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return { ok: false, reason: 'buttons: 1 to 3 reply buttons' };
    for (const b of buttons) {
      if (typeof b?.id !== 'string' || !b.id || b.id.length > 256) return { ok: false, reason: 'button id: 1 to 256 characters' };
      if (typeof b.title !== 'string' || !b.title.trim() || [...b.title].length > 20)
        return { ok: false, reason: 'button title: 1 to 20 characters' };
    }
    return { ok: true, payload: p as WhatsAppButtonsPayload };
  }
  return { ok: false, reason: `unknown WhatsApp payload type: ${String(p.type)}` };
}

/** Free-form content (not a template): Meta delivers it only inside the 24-hour window. */
export const isFreeForm = (p: WhatsAppPayload) => p.type !== 'template';

/** E.164 (`+923001234567`) to WhatsApp's `to` (digits, no plus); null when it is not E.164. */
export function waRecipient(e164: string): string | null {
  const m = /^\+([1-9]\d{6,14})$/.exec(e164.trim());
  return m ? m[1]! : null;
}

/** The POST /{phone-number-id}/messages body for a payload. */
export function graphMessageBody(to: string, p: WhatsAppPayload): Record<string, unknown> {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  switch (p.type) {
    case 'template':
      return {
        ...base,
        type: 'template',
        template: { name: p.name, language: { code: p.language }, ...(p.components.length ? { components: p.components } : {}) },
      };
    case 'text':
      return { ...base, type: 'text', text: { preview_url: false, body: p.body } };
    case 'buttons':
      return {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: p.body },
          action: { buttons: p.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
        },
      };
  }
}

/** A readable version for the outbox and the timeline. */
export function readableText(p: WhatsAppPayload): string {
  switch (p.type) {
    case 'template': {
      const body = p.components.find((c) => c.type === 'body');
      const params = body ? body.parameters.map((x) => (x.type === 'text' ? x.text : x.payload)) : [];
      return `[${p.name} · ${p.language}]${params.length ? ' ' + params.join(' | ') : ''}`;
    }
    case 'text':
      return p.body;
    case 'buttons':
      return `${p.body}\n${p.buttons.map((b) => `[${b.title}]`).join(' ')}`;
  }
}
