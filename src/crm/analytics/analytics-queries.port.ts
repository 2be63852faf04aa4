// Home-page KPIs for one account and a half-open UTC range [from, to). Orders that are
// cancelled, trashed or test never count, and revenue is net of refunds, as in the customer
// stats (crm/customers). Implemented in db/ as exact SQL aggregates.

export type Kpis = {
  /** Net revenue (minor units) of orders in the account's reporting currency. */
  revenueMinor: number;
  /** Orders in every currency. */
  orders: number;
  /** Distinct customers who ordered in the range. */
  customers: number;
  /** Of those, how many had at least two orders by the end of the range. */
  repeatCustomers: number;
  /** Points that entered members' balances (earning reasons only; maturing pending points is not new). */
  pointsIssued: number;
  /** Points spent on rewards, net of points returned for cancelled or expired codes. */
  pointsRedeemed: number;
  /**
   * Net revenue (reporting currency) of orders by loyalty members: customers with points history
   * by the end of the range. Not `loyalty_members.joined_at`, which is when Rapport processed the
   * first award (a backfill of old orders would make every member "join" today).
   */
  memberRevenueMinor: number;
};

export type DailyRow = { date: string; revenueMinor: number; orders: number };

export interface AnalyticsQueriesPort {
  kpis(accountId: string, currency: string, from: string, to: string): Promise<Kpis>;
  dailyRevenue(accountId: string, currency: string, from: string, to: string): Promise<DailyRow[]>;
}
