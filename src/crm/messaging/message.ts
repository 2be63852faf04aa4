// src/crm/messaging/message.ts — YOU own this file; msgtpl's renderer returns RenderedEmail
export type RenderedEmail = { subject: string; html: string; text: string; language: string; dir: 'ltr' | 'rtl' };
