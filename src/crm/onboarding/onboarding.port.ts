// The onboarding checklist's own facts: the steps the merchant marked done and when a store's
// storefront first called Rapport. Everything else the checklist shows comes from real data
// (connections, the program). Always per account.

export type OnboardingMark = 'widget' | 'preview' | 'dismissed';

export interface OnboardingPort {
  marks(accountId: string): Promise<Set<OnboardingMark>>;
  mark(accountId: string, step: OnboardingMark, at?: string): Promise<void>;
  /** When any of the account's storefronts first called the shopper API, or null. */
  storefrontFirstSeen(accountId: string): Promise<string | null>;
  /** True when this call wrote the row (the store's first storefront call ever). */
  recordStorefrontSeen(connectionId: string, accountId: string, at?: string): Promise<boolean>;
}
