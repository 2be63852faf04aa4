import {
  DEFAULT_MESSAGING_SETTINGS,
  type MessagingSettings,
  type MessagingSettingsPort,
} from '../crm/messaging/messaging-settings.port.ts';
import { isTemplateLanguage } from '../crm/messaging/templates/languages.ts';
import type { SqlDatabase } from './sql/database.ts';
import { query } from './sql/executor.ts';

// crm's MessagingSettingsPort on either database: one row per account, the defaults without one.

const q = {
  get: query(`SELECT default_language, open_tracking, click_tracking, attribution_window_days, updated_at
    FROM messaging_settings WHERE account_id = :accountId`),
  save: query(`INSERT INTO messaging_settings (account_id, default_language, open_tracking, click_tracking, attribution_window_days, updated_at)
    VALUES (:accountId, :defaultLanguage, :openTracking, :clickTracking, :attributionWindowDays, :now)
    ON CONFLICT (account_id) DO UPDATE SET default_language = excluded.default_language, open_tracking = excluded.open_tracking,
      click_tracking = excluded.click_tracking, attribution_window_days = excluded.attribution_window_days, updated_at = excluded.updated_at`),
};

type Row = {
  default_language: string | null;
  open_tracking: number | boolean;
  click_tracking: number | boolean;
  attribution_window_days: number;
  updated_at: string | Date;
};

export function createMessagingSettingsRepo(database: SqlDatabase): MessagingSettingsPort {
  const x = database.x;
  return {
    async get(accountId) {
      const r = await x.get<Row>(q.get, { accountId });
      if (!r) return DEFAULT_MESSAGING_SETTINGS;
      return {
        defaultLanguage: r.default_language && isTemplateLanguage(r.default_language) ? r.default_language : null,
        openTracking: Boolean(r.open_tracking),
        clickTracking: Boolean(r.click_tracking),
        attributionWindowDays: Number(r.attribution_window_days),
        updatedAt: typeof r.updated_at === 'string' ? r.updated_at : r.updated_at.toISOString(),
      } satisfies MessagingSettings;
    },
    async save(accountId, s, now) {
      await x.run(q.save, { accountId, ...s, now });
      return { ...s, updatedAt: now };
    },
  };
}
