import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { customers } from './customers.ts';
import { orders } from './orders.ts';
import { accounts, connections } from './tenancy.ts';

// Loyalty: program settings (versioned), members, the points ledger, and what hangs off it.
// See crm/loyalty/README.md for the accounting rules.

// Every settings change is a new version; orders keep the version they were first awarded under,
// so a rule change never rewrites history.
export const loyaltyPrograms = sqliteTable(
  'loyalty_programs',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    settings: text('settings').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.version] })],
);

export const loyaltyMembers = sqliteTable(
  'loyalty_members',
  {
    customerId: text('customer_id')
      .primaryKey()
      .references(() => customers.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    referralCode: text('referral_code').notNull(),
    tierId: text('tier_id'),
    tierSince: text('tier_since'),
    // Month and day only ("MM-DD"): the birthday award needs no year, and we keep no more PII than that.
    birthday: text('birthday'),
    // When the shopper last set their birthday themselves (storefront): they may change it once a
    // year at most, so nobody moves it around to collect birthday points. Staff edits leave it be.
    birthdaySetByShopperAt: text('birthday_set_by_shopper_at'),
    lastActivityAt: text('last_activity_at'),
    joinedAt: text('joined_at').notNull(),
  },
  (t) => [uniqueIndex('loyalty_members_referral_code').on(t.accountId, t.referralCode), index('loyalty_members_account').on(t.accountId)],
);

// Append-only. Each row moves points between nothing, the pending bucket and the available
// bucket; the balances are the sums of the deltas. `forgiven` records points a reversal could not
// take back because the balance may not go negative (the "clamp" setting).
export const pointsLedger = sqliteTable(
  'points_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    state: text('state').notNull(),
    points: integer('points').notNull(),
    pendingDelta: integer('pending_delta').notNull(),
    availableDelta: integer('available_delta').notNull(),
    forgiven: integer('forgiven').notNull().default(0),
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    programVersion: integer('program_version'),
    note: text('note'),
    actor: text('actor'),
    dedupeKey: text('dedupe_key').notNull(),
    occurredAt: text('occurred_at').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('points_ledger_dedupe').on(t.accountId, t.dedupeKey),
    // Covering index: a balance is one index range scan, however long the ledger.
    index('points_ledger_customer').on(t.customerId, t.availableDelta, t.pendingDelta, t.reason),
    index('points_ledger_customer_id').on(t.customerId, t.id),
    index('points_ledger_source').on(t.accountId, t.sourceType, t.sourceId),
    // A customer's holdings by source (first-order bonuses): without it the lookup scans the account.
    index('points_ledger_customer_source').on(t.customerId, t.sourceType, t.sourceId),
  ],
);

// What an order is worth in points under the rules it was first awarded with. The ledger is the
// truth; this row only remembers the version, the multiplier and when pending points mature.
export const orderAwards = sqliteTable(
  'order_awards',
  {
    orderId: text('order_id')
      .primaryKey()
      .references(() => orders.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    programVersion: integer('program_version').notNull(),
    multiplier: real('multiplier').notNull().default(1),
    basisMinor: integer('basis_minor').notNull(),
    currency: text('currency').notNull(),
    points: integer('points').notNull(),
    status: text('status').notNull(),
    explanation: text('explanation').notNull(),
    maturesAt: text('matures_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('order_awards_matures').on(t.maturesAt), index('order_awards_customer').on(t.customerId)],
);

export const rewards = sqliteTable(
  'rewards',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    pointsCost: integer('points_cost').notNull(),
    amountMinor: integer('amount_minor'),
    currency: text('currency'),
    percentage: integer('percentage'),
    productExternalId: text('product_external_id'),
    minimumOrderMinor: integer('minimum_order_minor'),
    limitPerCustomer: integer('limit_per_customer'),
    // JSON array of tier ids; empty: every member.
    tierIds: text('tier_ids').notNull().default('[]'),
    codeValidDays: integer('code_valid_days'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    deletedAt: text('deleted_at'),
  },
  (t) => [index('rewards_account').on(t.accountId)],
);

export const redemptions = sqliteTable(
  'redemptions',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    rewardId: text('reward_id')
      .notNull()
      .references(() => rewards.id),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    // Chosen by the caller (storefront, admin): the same key is the same redemption, never two codes.
    idempotencyKey: text('idempotency_key').notNull(),
    points: integer('points').notNull(),
    status: text('status').notNull(),
    code: text('code').notNull(),
    externalId: text('external_id'),
    failureReason: text('failure_reason'),
    attempts: integer('attempts').notNull().default(0),
    // The reward as it was when redeemed (name, kind, value), so later edits do not change it.
    reward: text('reward').notNull(),
    createdAt: text('created_at').notNull(),
    issuedAt: text('issued_at'),
    expiresAt: text('expires_at'),
    usedAt: text('used_at'),
    usedOrderId: text('used_order_id'),
    closedAt: text('closed_at'),
  },
  (t) => [
    uniqueIndex('redemptions_idempotency').on(t.customerId, t.idempotencyKey),
    uniqueIndex('redemptions_code').on(t.accountId, t.code),
    index('redemptions_customer').on(t.customerId, t.createdAt),
    index('redemptions_status_expiry').on(t.status, t.expiresAt),
  ],
);

export const tiers = sqliteTable(
  'tiers',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // Points earned, or minor units of the account currency spent, in the qualifying period.
    threshold: integer('threshold').notNull(),
    multiplier: real('multiplier').notNull().default(1),
    entryPoints: integer('entry_points').notNull().default(0),
    perks: text('perks'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    deletedAt: text('deleted_at'),
  },
  (t) => [index('tiers_account').on(t.accountId, t.threshold)],
);

export const referrals = sqliteTable(
  'referrals',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    advocateId: text('advocate_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    friendId: text('friend_id').references(() => customers.id, { onDelete: 'set null' }),
    friendEmail: text('friend_email'),
    friendPhone: text('friend_phone'),
    // A hash of the IP the friend came from: enough to count repeats, useless to identify anyone.
    ipHash: text('ip_hash'),
    orderId: text('order_id').references(() => orders.id, { onDelete: 'set null' }),
    status: text('status').notNull(),
    blockReason: text('block_reason'),
    createdAt: text('created_at').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
  },
  (t) => [
    index('referrals_account_status').on(t.accountId, t.status, t.createdAt),
    index('referrals_advocate').on(t.advocateId),
    index('referrals_friend').on(t.friendId),
    // Every order looks up referrals of its buyer: by email and phone as well as by profile.
    index('referrals_friend_email').on(t.accountId, t.friendEmail),
    index('referrals_friend_phone').on(t.accountId, t.friendPhone),
    index('referrals_ip').on(t.accountId, t.ipHash, t.createdAt),
  ],
);

// Points campaigns (double or bonus points for an audience in a time window). The window is held
// as UTC instants; `time_zone` is the shop's zone it was entered in, for showing it back.
// Terms are fixed once the window opens (crm/loyalty/points-campaigns.service.ts).
export const pointsCampaigns = sqliteTable(
  'points_campaigns',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    preset: text('preset'),
    kind: text('kind').notNull(),
    multiplier: real('multiplier').notNull().default(1),
    bonusPoints: integer('bonus_points').notNull().default(0),
    minOrderMinor: integer('min_order_minor'),
    currency: text('currency').notNull(),
    audienceType: text('audience_type').notNull(),
    audienceId: text('audience_id'),
    startsAt: text('starts_at').notNull(),
    endsAt: text('ends_at').notNull(),
    timeZone: text('time_zone').notNull(),
    // {"en": "...", "ur": "..."}: what the storefront says while the campaign runs.
    messages: text('messages').notNull().default('{}'),
    cancelledAt: text('cancelled_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  // The award path and the storefront read an account's campaigns by window: one index range.
  (t) => [index('points_campaigns_account_window').on(t.accountId, t.endsAt, t.startsAt)],
);

// Which campaigns an order earns under, decided once when the order is first awarded and kept,
// like the tier multiplier in order_awards: replays and reprocessing read this, never re-judge.
export const pointsCampaignOrders = sqliteTable(
  'points_campaign_orders',
  {
    campaignId: text('campaign_id')
      .notNull()
      .references(() => pointsCampaigns.id, { onDelete: 'cascade' }),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    // Who it was judged for, not a reference: a merge removes that profile, and the decision must
    // outlive it (the ledger says who holds the points now).
    customerId: text('customer_id').notNull(),
    // The terms it was awarded under (extra multiplier on top of the order's, or bonus points).
    kind: text('kind').notNull(),
    multiplier: real('multiplier').notNull().default(1),
    bonusPoints: integer('bonus_points').notNull().default(0),
    decidedAt: text('decided_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.orderId] }), index('points_campaign_orders_order').on(t.orderId)],
);
