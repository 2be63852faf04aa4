// What a merge context is built from besides loyalty (db/merge-context.query.ts): the shop and one
// shopper, each read by key, filtered by account.

export type ShopFacts = {
  name: string;
  currency: string;
  /** ISO 3166 country of the store, for number formats (en-PK, en-IN). */
  country: string | null;
  /** Where referral links point: https://shop.myshopify.com/ or the WordPress site URL. */
  siteUrl: string | null;
  /** The shop's default language for messages (messaging settings); null while the shop has not said (the chain goes on to English). */
  language: string | null;
};

export type ShopperFacts = {
  /** Where messages go: the profile's email (lower-cased) and phone (E.164). */
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  /** As the store reported it (`ur-PK`, `en`). */
  locale: string | null;
  latestOrderNumber: string | null;
  /** The newest reward issued and not yet used. */
  latestReward: { code: string; title: string } | null;
};

export interface MergeContextPort {
  shop(accountId: string): Promise<ShopFacts | null>;
  /** Null when the customer is not this account's. */
  shopper(accountId: string, customerId: string): Promise<ShopperFacts | null>;
  /** Many shoppers at once (a campaign's page), by id; the account's customers only. */
  shoppers(accountId: string, customerIds: string[]): Promise<Map<string, ShopperFacts>>;
}
