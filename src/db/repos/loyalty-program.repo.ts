import type { Member, MemberFilter, MembersRepo, OrderAward, OrderAwardsRepo, ProgramsRepo } from '../../crm/loyalty/loyalty.port.ts';
import { programSettings, type Program } from '../../crm/loyalty/program.settings.ts';
import type { Db } from '../client.ts';
import { patchUpdater, type RowOf } from './prepared.ts';

// Program versions, members and order awards. A program version never changes once written, so
// parsed settings are cached per (account, version) for the order-processing path.

type ProgramRow = { account_id: string; version: number; settings: string; created_at: string };

export function programsRepo(db: Db): ProgramsRepo {
  const s = db.$client;
  const q = {
    current: s.prepare(`SELECT * FROM loyalty_programs WHERE account_id = ? ORDER BY version DESC LIMIT 1`),
    version: s.prepare(`SELECT * FROM loyalty_programs WHERE account_id = ? AND version = ?`),
    insert: s.prepare(`INSERT INTO loyalty_programs (account_id, version, settings, created_at, created_by)
      VALUES (@accountId, (SELECT coalesce(max(version), 0) + 1 FROM loyalty_programs WHERE account_id = @accountId), @settings, @at, @actor)
      RETURNING *`),
    accounts: s.prepare(`SELECT DISTINCT account_id AS id FROM loyalty_programs ORDER BY account_id`),
  };
  const cache = new Map<string, Program>();
  function toProgram(r: ProgramRow | undefined): Program | undefined {
    if (!r) return undefined;
    const key = `${r.account_id}:${r.version}`;
    let program = cache.get(key);
    if (!program) {
      program = { accountId: r.account_id, version: r.version, createdAt: r.created_at, settings: programSettings.parse(JSON.parse(r.settings)) };
      cache.set(key, program);
    }
    return program;
  }
  return {
    async current(accountId) {
      return toProgram(q.current.get(accountId) as ProgramRow | undefined);
    },
    async version(accountId, version) {
      return toProgram(q.version.get(accountId, version) as ProgramRow | undefined);
    },
    async save(accountId, settings, actor, at) {
      return toProgram(q.insert.get({ accountId, settings: JSON.stringify(settings), at, actor }) as ProgramRow)!;
    },
    async accountIds() {
      return (q.accounts.all() as Array<{ id: string }>).map((r) => r.id);
    },
  };
}

type MemberRow = RowOf<Member>;
const toMember = (r: MemberRow): Member => ({
  customerId: r.customer_id, accountId: r.account_id, referralCode: r.referral_code, tierId: r.tier_id, tierSince: r.tier_since,
  birthday: r.birthday, birthdaySetByShopperAt: r.birthday_set_by_shopper_at ?? null, lastActivityAt: r.last_activity_at, joinedAt: r.joined_at,
});
const memberColumns: Record<string, string> = {
  referralCode: 'referral_code', tierId: 'tier_id', tierSince: 'tier_since', birthday: 'birthday', birthdaySetByShopperAt: 'birthday_set_by_shopper_at', lastActivityAt: 'last_activity_at', joinedAt: 'joined_at',
};

export function membersRepo(db: Db): MembersRepo {
  const update = patchUpdater(db.$client, 'loyalty_members', memberColumns, 'customer_id = @customerId');
  const s = db.$client;
  const q = {
    get: s.prepare(`SELECT * FROM loyalty_members WHERE customer_id = ?`),
    byCode: s.prepare(`SELECT * FROM loyalty_members WHERE account_id = ? AND referral_code = ?`),
    insert: s.prepare(`INSERT INTO loyalty_members (customer_id, account_id, referral_code, tier_id, tier_since, birthday, last_activity_at, joined_at)
      VALUES (@customerId, @accountId, @referralCode, @tierId, @tierSince, @birthday, @lastActivityAt, @joinedAt)`),
  };
  return {
    async get(customerId) {
      const r = q.get.get(customerId) as MemberRow | undefined;
      return r && toMember(r);
    },
    async insert(member) {
      q.insert.run(member);
    },
    async update(customerId, patch) {
      update(patch)?.run({ ...patch, customerId });
    },
    async byReferralCode(accountId, code) {
      const r = q.byCode.get(accountId, code) as MemberRow | undefined;
      return r && toMember(r);
    },
    async page(accountId, filter, after, limit) {
      const { tierId, tierSinceBefore, activeBefore } = filter;
      const params = { accountId, after: after ?? '', limit, ...birthdayParams(filter), ...Object.fromEntries(
        Object.entries({ tierId, tierSinceBefore, activeBefore }).filter(([, v]) => v !== undefined)) };
      return (s.prepare(memberPageSql(filter)).all(params) as MemberRow[]).map(toMember);
    },
  };
}

// Batch reads of the loyalty scheduler; the filters are few, so the statement is built per call.
function memberPageSql(f: MemberFilter): string {
  const where = ['account_id = @accountId', 'customer_id > @after'];
  if (f.tierId !== undefined) where.push('tier_id = @tierId');
  if (f.tiered) where.push('tier_id IS NOT NULL');
  if (f.tierSinceBefore !== undefined) where.push('tier_since < @tierSinceBefore');
  if (f.activeBefore !== undefined) where.push('coalesce(last_activity_at, joined_at) <= @activeBefore');
  if (f.birthdays) where.push(`birthday IN (${f.birthdays.map((_, i) => `@b${i}`).join(', ') || 'NULL'})`);
  if (f.hasPoints) where.push('(SELECT coalesce(sum(available_delta), 0) FROM points_ledger p WHERE p.customer_id = m.customer_id) > 0');
  return `SELECT m.* FROM loyalty_members m WHERE ${where.join(' AND ')} ORDER BY customer_id LIMIT @limit`;
}

function birthdayParams(f: MemberFilter): Record<string, string> {
  return Object.fromEntries((f.birthdays ?? []).map((b, i) => [`b${i}`, b]));
}

type AwardRow = RowOf<OrderAward>;
const toAward = (r: AwardRow): OrderAward => ({
  orderId: r.order_id, accountId: r.account_id, customerId: r.customer_id, programVersion: r.program_version, multiplier: r.multiplier,
  basisMinor: r.basis_minor, currency: r.currency, points: r.points, status: r.status, explanation: r.explanation,
  maturesAt: r.matures_at, updatedAt: r.updated_at,
});

export function orderAwardsRepo(db: Db): OrderAwardsRepo {
  const s = db.$client;
  const q = {
    get: s.prepare(`SELECT * FROM order_awards WHERE order_id = ?`),
    save: s.prepare(`INSERT INTO order_awards (order_id, account_id, customer_id, program_version, multiplier, basis_minor, currency, points, status,
        explanation, matures_at, updated_at)
      VALUES (@orderId, @accountId, @customerId, @programVersion, @multiplier, @basisMinor, @currency, @points, @status, @explanation, @maturesAt, @updatedAt)
      ON CONFLICT (order_id) DO UPDATE SET customer_id = excluded.customer_id, basis_minor = excluded.basis_minor, points = excluded.points,
        status = excluded.status, explanation = excluded.explanation, matures_at = excluded.matures_at, updated_at = excluded.updated_at`),
    due: s.prepare(`SELECT * FROM order_awards WHERE matures_at IS NOT NULL AND matures_at <= ? AND status = 'pending' ORDER BY matures_at LIMIT ?`),
  };
  return {
    async get(orderId) {
      const r = q.get.get(orderId) as AwardRow | undefined;
      return r && toAward(r);
    },
    async save(award) {
      q.save.run(award);
    },
    async due(now, limit) {
      return (q.due.all(now, limit) as AwardRow[]).map(toAward);
    },
  };
}
