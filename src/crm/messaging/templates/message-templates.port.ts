import type { MessageTemplate, TemplatePurpose, TemplateVariants } from './template.ts';

// Storage of message templates (db/message-templates.repo.ts), every call scoped to one account.

export type TemplatePatch = { name: string; channel: string; purpose: TemplatePurpose; variants: TemplateVariants; updatedAt: string };

export interface MessageTemplatesPort {
  /** Oldest first. */
  list(accountId: string): Promise<MessageTemplate[]>;
  get(accountId: string, id: string): Promise<MessageTemplate | undefined>;
  byName(accountId: string, name: string): Promise<MessageTemplate | undefined>;
  insert(template: MessageTemplate): Promise<void>;
  update(accountId: string, id: string, patch: TemplatePatch): Promise<void>;
  /** Whether a template was deleted. */
  delete(accountId: string, id: string): Promise<boolean>;
}
