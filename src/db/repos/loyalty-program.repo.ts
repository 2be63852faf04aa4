import type { Member, MemberFilter, MembersRepo, OrderAward, OrderAwardsRepo, ProgramsRepo } from '../../crm/loyalty/loyalty.port.ts';
import { programSettings, type Program } from '../../crm/loyalty/program.settings.ts';
import { query, type Executor, type Query } from '../sql/executor.ts';
import { sqlOf } from '../sql/dialect.ts';
import { patchUpdater } from '../sql/statements.ts';
import type { RowOf } from './prepared.ts';

// Program versions, members and order awards. A program version never changes once written, so
// parsed settings are cached per (account, version) for the order-processing path.

type ProgramRow = { account_id: string; version: number; settings: string; created_at: string };

const programQ = {
  current: query(`SELECT * FROM loyalty_programs WHERE account_id = :accountId ORDER BY version DESC LIMIT 1`),
  version: query(`SELECT * FROM loyalty_programs WHERE account_id = :accountId AND version = :version`),
  insert: query(`INSERT INTO loyalty_programs (account_id, version, settings, created_at, created_by)
    VALUES (:accountId, (SELECT coalesce(max(version), 0) + 1 FROM loyalty_programs WHERE account_id = :accountId), :settings, :at, :actor)
    RETURNING *`),
  accounts: query(`SELECT DISTINCT account_id AS id FROM loyalty_programs ORDER BY account_id`),
};

/** `cache`: parsed versions, kept for the store's life (units of work come and go on PostgreSQL). */
export function programsRepo(x: Executor, cache = new Map<string, Program>()): ProgramsRepo {
  function toProgram(r: ProgramRow | undefined): Program | undefined {
    if (!r) return undefined;
    const key = `${r.account_id}:${r.version}`;
    let program = cache.get(key);
    if (!program) {
      program = {
        accountId: r.account_id,
        version: r.version,
        createdAt: r.created_at,
        settings: programSettings.parse(JSON.parse(r.settings)),
      };
      cache.set(key, program);
    }
    return program;
  }
  return {
    current: (accountId) => x.getAs(programQ.current, { accountId }, toProgram),
    version: (accountId, version) => x.getAs(programQ.version, { accountId, version }, toProgram),
    async save(accountId, settings, actor, at) {
      return toProgram(await x.get<ProgramRow>(programQ.insert, { accountId, settings: JSON.stringify(settings), at, actor }))!;
    },
    async accountIds() {
      return (await x.all<{ id: string }>(programQ.accounts)).map((r) => r.id);
    },
  };
}

type MemberRow = RowOf<Member>;
const toMember = (r: MemberRow): Member => ({
  customerId: r.customer_id,
  accountId: r.account_id,
  referralCode: r.referral_code,
  tierId: r.tier_id,
  tierSince: r.tier_since,
  birthday: r.birthday,
  birthdaySetByShopperAt: r.birthday_set_by_shopper_at ?? null,
  lastActivityAt: r.last_activity_at,
  joinedAt: r.joined_at,
});
const memberColumns: Record<string, string> = {
  referralCode: 'referral_code',
  tierId: 'tier_id',
  tierSince: 'tier_since',
  birthday: 'birthday',
  birthdaySetByShopperAt: 'birthday_set_by_shopper_at',
  lastActivityAt: 'last_activity_at',
  joinedAt: 'joined_at',
};

const updateMember = patchUpdater('loyalty_members', memberColumns, 'customer_id = :customerId');
const memberQ = {
  get: query(`SELECT * FROM loyalty_members WHERE customer_id = :customerId`),
  byCode: query(`SELECT * FROM loyalty_members WHERE account_id = :accountId AND referral_code = :code`),
  insert:
    query(`INSERT INTO loyalty_members (customer_id, account_id, referral_code, tier_id, tier_since, birthday, last_activity_at, joined_at)
    VALUES (:customerId, :accountId, :referralCode, :tierId, :tierSince, :birthday, :lastActivityAt, :joinedAt)`),
};
// Batch reads of the loyalty scheduler: one statement per combination of filters (a handful).
const memberPages = new Map<string, Query>();

export function membersRepo(x: Executor): MembersRepo {
  return {
    get: (customerId) => x.getAs(memberQ.get, { customerId }, (r: MemberRow | undefined) => r && toMember(r)),
    async insert(member) {
      await x.run(memberQ.insert, member);
    },
    async update(customerId, patch) {
      const statement = updateMember(patch);
      if (statement) await x.run(statement, { ...patch, customerId });
    },
    async byReferralCode(accountId, code) {
      const r = await x.get<MemberRow>(memberQ.byCode, { accountId, code });
      return r && toMember(r);
    },
    async page(accountId, filter, after, limit) {
      const { tierId, tierSinceBefore, activeBefore, birthdays } = filter;
      const params = { accountId, after: after ?? '', limit, tierId, tierSinceBefore, activeBefore, birthdays };
      return (await x.all<MemberRow>(memberPage(filter), params)).map(toMember);
    },
  };
}

function memberPage(f: MemberFilter): Query {
  const key = [f.tierId !== undefined, f.tiered, f.tierSinceBefore !== undefined, f.activeBefore !== undefined, !!f.birthdays, f.hasPoints]
    .map((b) => (b ? 1 : 0))
    .join('');
  let q = memberPages.get(key);
  if (!q) {
    q = query((d) => {
      const where = ['account_id = :accountId', 'customer_id > :after'];
      if (f.tierId !== undefined) where.push('tier_id = :tierId');
      if (f.tiered) where.push('tier_id IS NOT NULL');
      if (f.tierSinceBefore !== undefined) where.push('tier_since < :tierSinceBefore');
      if (f.activeBefore !== undefined) where.push('coalesce(last_activity_at, joined_at) <= :activeBefore');
      if (f.birthdays) where.push(`birthday ${sqlOf(d).inArray('birthdays')}`);
      if (f.hasPoints)
        where.push('(SELECT coalesce(sum(available_delta), 0) FROM points_ledger p WHERE p.customer_id = m.customer_id) > 0');
      return `SELECT m.* FROM loyalty_members m WHERE ${where.join(' AND ')} ORDER BY customer_id LIMIT :limit`;
    });
    memberPages.set(key, q);
  }
  return q;
}

const nothing = (): void => undefined;
type AwardRow = RowOf<OrderAward>;
const toAward = (r: AwardRow): OrderAward => ({
  orderId: r.order_id,
  accountId: r.account_id,
  customerId: r.customer_id,
  programVersion: r.program_version,
  multiplier: r.multiplier,
  basisMinor: r.basis_minor,
  currency: r.currency,
  points: r.points,
  status: r.status,
  explanation: r.explanation,
  maturesAt: r.matures_at,
  updatedAt: r.updated_at,
});

const awardQ = {
  get: query(`SELECT * FROM order_awards WHERE order_id = :orderId`),
  save: query(`INSERT INTO order_awards (order_id, account_id, customer_id, program_version, multiplier, basis_minor, currency, points, status,
      explanation, matures_at, updated_at)
    VALUES (:orderId, :accountId, :customerId, :programVersion, :multiplier, :basisMinor, :currency, :points, :status, :explanation, :maturesAt, :updatedAt)
    ON CONFLICT (order_id) DO UPDATE SET customer_id = excluded.customer_id, basis_minor = excluded.basis_minor, points = excluded.points,
      status = excluded.status, explanation = excluded.explanation, matures_at = excluded.matures_at, updated_at = excluded.updated_at`),
  due: query(
    `SELECT * FROM order_awards WHERE matures_at IS NOT NULL AND matures_at <= :now AND status = 'pending' ORDER BY matures_at LIMIT :limit`,
  ),
};

export function orderAwardsRepo(x: Executor): OrderAwardsRepo {
  return {
    get: (orderId) => x.getAs(awardQ.get, { orderId }, (r: AwardRow | undefined) => r && toAward(r)),
    save: (award) => x.runAs(awardQ.save, award, nothing),
    async due(now, limit) {
      return (await x.all<AwardRow>(awardQ.due, { now, limit })).map(toAward);
    },
  };
}
