import type { Referral, ReferralBlock, ReferralBlockCode, ReferralsRepo } from '../../crm/loyalty/referrals.port.ts';
import { query, type Executor } from '../sql/executor.ts';
import { sqlOf } from '../sql/dialect.ts';
import { patchUpdater } from '../sql/statements.ts';
import type { RowOf } from './prepared.ts';

// Referrals. The block reason is one text column: "<code>: <message>", readable in the database
// and split again here.

// The block is stored as its text (`code: reason`).
type Row = RowOf<Omit<Referral, 'block'>> & { block_reason: string | null };

function toBlock(text: string | null): ReferralBlock | null {
  if (!text) return null;
  const m = /^([a-z_]+): (.*)$/s.exec(text);
  return m ? { code: m[1] as ReferralBlockCode, message: m[2]! } : { code: 'self_referral', message: text };
}

const fromBlock = (b: ReferralBlock | null | undefined) => (b ? `${b.code}: ${b.message}` : null);

const toReferral = (r: Row): Referral => ({
  id: r.id,
  accountId: r.account_id,
  advocateId: r.advocate_id,
  friendId: r.friend_id,
  friendEmail: r.friend_email,
  friendPhone: r.friend_phone,
  ipHash: r.ip_hash,
  orderId: r.order_id,
  status: r.status,
  block: toBlock(r.block_reason),
  createdAt: r.created_at,
  decidedAt: r.decided_at,
  decidedBy: r.decided_by,
});

const columns: Record<string, string> = {
  friendId: 'friend_id',
  orderId: 'order_id',
  status: 'status',
  block: 'block_reason',
  decidedAt: 'decided_at',
  decidedBy: 'decided_by',
};

const update = patchUpdater('referrals', columns, 'account_id = :accountId AND id = :id');
const q = {
  insert: query(`INSERT INTO referrals (id, account_id, advocate_id, friend_id, friend_email, friend_phone, ip_hash, order_id, status,
      block_reason, created_at, decided_at, decided_by)
    VALUES (:id, :accountId, :advocateId, :friendId, :friendEmail, :friendPhone, :ipHash, :orderId, :status, :block, :createdAt, :decidedAt, :decidedBy)`),
  get: query(`SELECT * FROM referrals WHERE account_id = :accountId AND id = :id`),
  // Runs for every order: three indexed lookups (profile, email, phone), never a scan of the account.
  forFriend: query(
    (d) => `SELECT * FROM referrals WHERE id IN (
      SELECT id FROM referrals WHERE friend_id = :customerId AND account_id = :accountId
      UNION SELECT id FROM referrals WHERE account_id = :accountId AND friend_email = :email
      UNION SELECT id FROM referrals WHERE account_id = :accountId AND friend_phone = :phone)
    AND status ${sqlOf(d).inArray('statuses')}
    ORDER BY created_at, id`,
  ),
  fromIp: query(`SELECT count(*) AS n FROM referrals WHERE account_id = :accountId AND ip_hash = :ipHash AND created_at >= :since`),
  // A parameter's first use gives PostgreSQL its type; `:x IS NULL` alone would not.
  page: query(`SELECT * FROM referrals WHERE account_id = :accountId AND (status = :status OR :status IS NULL)
      AND (created_at < :afterAt OR (created_at = :afterAt AND id < :afterId) OR :afterAt IS NULL)
    ORDER BY created_at DESC, id DESC LIMIT :limit`),
  shared: query(`SELECT 1 AS shared FROM addresses a JOIN addresses b ON b.fingerprint = a.fingerprint
    WHERE a.customer_id = :customerA AND b.customer_id = :customerB LIMIT 1`),
};

export function referralsRepo(x: Executor): ReferralsRepo {
  return {
    async insert(r) {
      await x.run(q.insert, { ...r, block: fromBlock(r.block) });
    },
    async get(accountId, id) {
      const r = await x.get<Row>(q.get, { accountId, id });
      return r && toReferral(r);
    },
    async update(accountId, id, patch) {
      const statement = update(patch);
      if (statement) await x.run(statement, { ...patch, block: fromBlock(patch.block), accountId, id });
    },
    async forFriend(accountId, friend, statuses) {
      const rows = await x.all<Row>(q.forFriend, { accountId, statuses, ...friend });
      return rows.map(toReferral);
    },
    async countFromIp(accountId, ipHash, since) {
      return (await x.get<{ n: number }>(q.fromIp, { accountId, ipHash, since }))!.n;
    },
    async list(accountId, { status, first, after }) {
      const cursor = after ? await x.get<Row>(q.get, { accountId, id: after }) : undefined;
      const rows = await x.all<Row>(q.page, {
        accountId,
        status: status ?? null,
        afterAt: cursor?.created_at ?? null,
        afterId: cursor?.id ?? null,
        limit: first + 1,
      });
      return { rows: rows.slice(0, first).map(toReferral), hasNextPage: rows.length > first };
    },
    async shareAddress(customerA, customerB) {
      return (await x.get(q.shared, { customerA, customerB })) !== undefined;
    },
  };
}
