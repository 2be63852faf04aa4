import { z } from 'zod';

// Shared by the Shopify and WooCommerce sync views.

/** A run's note in English, and as a code with its figures for saying it in another language. */
export const runNote = {
  note: z.string().nullable(),
  noteCode: z.string().nullable().describe('history_limited {days} | orders_repaired {repaired, seen}'),
  noteParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
};
