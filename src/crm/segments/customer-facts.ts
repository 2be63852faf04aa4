import type { CHURN_RISKS, CONSENT_STATES, RFM_SEGMENTS } from './segment-fields.ts';

// Everything a segment query can ask about one customer, as plain values: the input of the
// reference evaluator (tests, the oracle of the SQL compiler). Instants are ISO-8601 strings;
// money is minor units of the shop currency. "Orders" are counted orders only (not cancelled,
// trashed or test), as in the customer's stats.

export type CustomerScores = {
  rfmSegment: (typeof RFM_SEGMENTS)[number] | null;
  recencyScore: number | null;
  frequencyScore: number | null;
  monetaryScore: number | null;
  predictedClvMinor: number | null;
  probabilityAlive: number | null;
  expectedOrders90d: number | null;
  churnRisk: (typeof CHURN_RISKS)[number] | null;
};

export type CustomerFacts = {
  id: string;
  numberOfOrders: number;
  amountSpentMinor: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  createdAt: string;
  tags: string[];
  /** Names and domains of the stores the customer is known in (an identity not deleted there). */
  stores: string[];
  platforms: string[];
  /** Non-empty values of the customer's saved addresses. */
  cities: string[];
  provinces: string[];
  countries: string[];
  language: string | null;
  /** Payment methods of the customer's orders. */
  paymentMethods: string[];
  codOrders: number;
  deliveredOrders: number;
  /** Orders returned to sender. */
  rtoCount: number;
  /** Product ids and titles of the lines of the customer's orders. */
  productsPurchased: string[];
  tier: string | null;
  pointsBalance: number;
  pointsPending: number;
  lifetimePoints: number;
  /** Referrals the customer made that completed (or a merchant approved). */
  referralsMade: number;
  emailConsent: (typeof CONSENT_STATES)[number];
  whatsappConsent: (typeof CONSENT_STATES)[number];
  /** Null until the insights job has scored the customer. */
  scores: CustomerScores | null;
};
