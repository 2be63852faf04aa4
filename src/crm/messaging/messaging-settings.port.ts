import type { TemplateLanguage } from './templates/languages.ts';

// A shop's messaging settings (db/messaging-settings.repo.ts; absent = the defaults).

export type MessagingSettings = {
  /** The language chain's step after the shopper's own; null: the chain goes on to English. */
  defaultLanguage: TemplateLanguage | null;
  /** The open pixel (off by default: privacy, and Apple Mail's privacy protection "opens" everything). */
  openTracking: boolean;
  /** Signed redirect links in mail, so clicks count and orders can be attributed. */
  clickTracking: boolean;
  /** An order counts for the last message clicked (WhatsApp: delivered) this many days before it. */
  attributionWindowDays: number;
  updatedAt: string | null;
};

export const DEFAULT_MESSAGING_SETTINGS: MessagingSettings = {
  defaultLanguage: null,
  openTracking: false,
  clickTracking: true,
  attributionWindowDays: 5,
  updatedAt: null,
};

/** The longest attribution window a shop may choose (attribution reads this far back). */
export const MAX_ATTRIBUTION_DAYS = 30;

export interface MessagingSettingsPort {
  get(accountId: string): Promise<MessagingSettings>;
  save(accountId: string, settings: Omit<MessagingSettings, 'updatedAt'>, now: string): Promise<MessagingSettings>;
}
