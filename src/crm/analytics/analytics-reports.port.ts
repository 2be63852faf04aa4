// The Analytics reports for one account and a half-open UTC range [from, to): exact SQL
// aggregates (db/queries/), the same text on SQLite and PostgreSQL. As in the Home KPIs, only
// counted orders (not cancelled, trashed or test) count, revenue is net of refunds and in the
// account's reporting currency, and a "customer" is a profile with an order (guest orders without
// an email or phone have none). The HTTP edge derives rates and money from these counts.

/** One account, its reporting currency and a half-open range of instants. */
export type ReportPeriod = { accountId: string; currency: string; from: string; to: string };

/** A retention cell: customers of the cohort with a counted order in that calendar month. */
export type RetentionCell = { offset: number; customers: number } | { offset: number; customers: null };

/** Customers whose first counted order fell in `month` (UTC, `YYYY-MM`), and who came back when. */
export type RetentionCohort = {
  month: string;
  customers: number;
  /** Months +1..+N; `customers: null` for a month that has not begun by `asOf`. */
  months: RetentionCell[];
};

export type RetentionReport = { cohorts: RetentionCohort[] };

export type RepeatPurchase = {
  /** Customers with a counted order in the range. */
  customers: number;
  /** Their counted orders in the range. */
  orders: number;
  /** Of the customers, those with two or more counted orders by the end of the range. */
  repeatCustomers: number;
  /** Intervals between a customer's consecutive counted orders, the later one in the range, in UTC calendar days. */
  intervals: number;
  intervalDaysTotal: number;
  /** The median interval (the mean of the two middle ones when their number is even); null without intervals. */
  medianDays: number | null;
};

/** Buyers in the range of one group (loyalty members or not). */
export type BuyerGroup = {
  customers: number;
  orders: number;
  /** Orders in the reporting currency: the denominator of the average order value. */
  ordersInCurrency: number;
  revenueMinor: number;
  /** Customers with two or more counted orders by the end of the range. */
  repeatCustomers: number;
};

export type LoyaltyRoi = {
  /** Members: buyers with points history by the end of the range (as the Home KPIs' member revenue). */
  members: BuyerGroup;
  nonMembers: BuyerGroup;
  points: {
    /** Available points held at the end of the range (positive balances only: a debt is no liability). */
    available: number;
    /** Pending points at the end of the range (they may still be reversed). */
    pending: number;
    /** Members with a positive available or pending balance. */
    holders: number;
    /** Points issued and redeemed in the range (as the Home KPIs). */
    issued: number;
    redeemed: number;
  };
  referrals: {
    /** Customers whose first counted order was placed in the range. */
    newCustomers: number;
    /** Friends whose referral (completed or approved) order was placed in the range. */
    referredCustomers: number;
    /** Those referral orders (each friend's first order) and their net revenue. */
    referralOrders: number;
    referralRevenueMinor: number;
    /** Net revenue of every counted order in the range by a referred friend. */
    referredCustomersRevenueMinor: number;
  };
};

/** Cash-on-delivery parcels of one group: delivered, returned to sender (RTO), or still open. */
export type CodFigures = { parcels: number; delivered: number; returned: number };
export type CodCity = CodFigures & { city: string | null };
export type CodStore = CodFigures & { connectionId: string; name: string; domain: string; platform: string };
export type CodMonth = CodFigures & { month: string };

/** A saved segment's parcels: orders in the range of its current (kept) members. */
export type CodSegment = CodFigures & { segmentId: string; name: string; builtIn: string | null };

/**
 * Parcels by what the shopper answered to the WhatsApp COD confirmation (crm/cod): confirmed,
 * cancelled, no answer, still awaiting an answer, or never asked (off, no phone, older orders).
 */
export type CodAnswer = 'confirmed' | 'cancelled' | 'no_answer' | 'awaiting' | 'not_asked';
export type CodConfirmationRow = CodFigures & { answer: CodAnswer };
export type CodReport = {
  cities: CodCity[];
  stores: CodStore[];
  months: CodMonth[];
  segments: CodSegment[];
  confirmation: CodConfirmationRow[];
};

/**
 * Customers with a counted order (erased ones left out) grouped by their stored RFM segment and
 * churn risk (both null: no score), with their historic value (net revenue of every counted order
 * to date in `currency`) and their stored 12-month predicted CLV (scored customers only).
 */
export type CustomerValueGroup = {
  segment: string | null;
  churnRisk: string | null;
  customers: number;
  /** Of them, those with a stored score (the predicted sum's customers). */
  scored: number;
  historicMinor: number;
  predictedMinor: number;
};

export type ProductSort = 'revenue' | 'units' | 'customers';

export type TopProduct = {
  /** The platform's product id; null for a line without one (grouped by its title). */
  productId: string | null;
  title: string;
  /** Net of refunds, lines of orders in the reporting currency only (other currencies add units, orders and customers). */
  revenueMinor: number;
  units: number;
  orders: number;
  customers: number;
};

export type ReturningProduct = {
  productId: string | null;
  title: string;
  /** Customers whose first counted order (in the range) had this product. */
  firstOrderBuyers: number;
  /** Of them, those with a later counted order (at any time since). */
  cameBack: number;
};

export type ProductPair = {
  a: { productId: string | null; title: string };
  b: { productId: string | null; title: string };
  /** Counted orders in the range holding both. */
  orders: number;
};

export type BoughtTogether = {
  /** Counted orders in the range with at least one product line: the denominator of a pair's support. */
  baskets: number;
  pairs: ProductPair[];
};

export interface AnalyticsReportsPort {
  /** Cohorts by first-order month for first orders in the range; `asOf` decides which months have begun. */
  retention(p: ReportPeriod, months: number, asOf: string): Promise<RetentionReport>;
  repeatPurchase(p: ReportPeriod): Promise<RepeatPurchase>;
  loyaltyRoi(p: ReportPeriod): Promise<LoyaltyRoi>;
  cod(p: ReportPeriod): Promise<CodReport>;
  /** Historic and predicted value to date by RFM segment and churn band (not a period: predictions are as of the last fit). */
  customerValue(accountId: string, currency: string): Promise<CustomerValueGroup[]>;
  topProducts(p: ReportPeriod, o: { sort: ProductSort; limit: number }): Promise<TopProduct[]>;
  returningProducts(p: ReportPeriod, o: { minBuyers: number; limit: number }): Promise<ReturningProduct[]>;
  boughtTogether(p: ReportPeriod, o: { limit: number }): Promise<BoughtTogether>;
}
