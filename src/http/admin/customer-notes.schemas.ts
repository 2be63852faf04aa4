import { z } from 'zod';

// Staff notes and tags on a profile, and the bulk "add tag" action.

const tag = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(40)
  .refine((t) => !t.includes(','), 'must not contain a comma');
export const note = z.object({
  id: z.string(),
  body: z.string(),
  author: z.string().nullable(),
  authorName: z.string().nullable().describe('The author by name, when known'),
  createdAt: z.string(),
});
export const tagState = z.object({ tags: z.array(z.string()), manualTags: z.array(z.string()) });

export const notesResponse = z.object({ notes: z.array(note) });
export const addNoteBody = z.strictObject({ body: z.string().trim().min(1, 'write something').max(2000) });
export const setTagsBody = z.strictObject({ tags: z.array(tag).max(50) });
export const bulkTagBody = z.strictObject({
  customerIds: z.array(z.string().min(1).max(100)).min(1).max(250),
  add: z.array(tag).min(1).max(10),
});
export const bulkTagResponse = z.object({ customers: z.number(), added: z.number() });
