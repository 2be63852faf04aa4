// Each account's WhatsApp business number (multi-tenant: one Meta app, many shops). The access
// token is sealed at rest and leaves storage only as `credentials` for the channel's send.

export type WhatsAppNumber = {
  accountId: string;
  phoneNumberId: string;
  wabaId: string;
  displayPhone: string | null;
  /** The token's last four characters, for staff to tell tokens apart. */
  tokenHint: string;
  createdAt: string;
  updatedAt: string;
};

export type WhatsAppNumberInput = { phoneNumberId: string; wabaId: string; displayPhone: string | null; accessToken: string };

export type WhatsAppCredentials = { phoneNumberId: string; accessToken: string };

export interface WhatsAppNumbersPort {
  get(accountId: string): Promise<WhatsAppNumber | undefined>;
  /** Saves the account's number; `taken` when another account already has this phone number id. */
  put(
    accountId: string,
    input: WhatsAppNumberInput,
    now: string,
  ): Promise<{ outcome: 'saved'; number: WhatsAppNumber } | { outcome: 'taken' }>;
  /** Returns whether there was one. */
  delete(accountId: string): Promise<boolean>;
  /** The account a webhook's `metadata.phone_number_id` belongs to (unique index). */
  accountOf(phoneNumberId: string): Promise<string | undefined>;
  credentials(accountId: string): Promise<WhatsAppCredentials | undefined>;
}
