// Marketing consent per channel, as the platforms report it. The messaging module reads it to
// decide whom it may write to; loyalty awards newsletter points on the first subscription.

export type ConsentChannel = 'email' | 'sms' | 'whatsapp';
export type ConsentState = 'subscribed' | 'unsubscribed' | 'unknown';

/** A decision as an adapter hands it over (platform wording kept in `detail`). */
export type CanonicalConsent = {
  channel: ConsentChannel;
  state: ConsentState;
  /** shopify | woocommerce_plugin | staff */
  source: string;
  /** The platform's own state and opt-in level, e.g. "subscribed/confirmed_opt_in". */
  detail: string | null;
  /** When the shopper decided (the platform's consent time), ISO-8601 UTC. */
  decidedAt: string;
};

export type ConsentRecord = CanonicalConsent & {
  customerId: string;
  accountId: string;
  /** First time this channel was seen subscribed; kept through later unsubscribes. */
  firstSubscribedAt: string | null;
  updatedAt: string;
};

export interface ConsentsRepo {
  get(customerId: string, channel: ConsentChannel): Promise<ConsentRecord | undefined>;
  of(customerId: string): Promise<ConsentRecord[]>;
  upsert(record: ConsentRecord): Promise<void>;
}
