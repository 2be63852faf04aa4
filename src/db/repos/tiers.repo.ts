import type { Tier, TiersRepo } from '../../crm/loyalty/loyalty.port.ts';
import { query, type Executor } from '../sql/executor.ts';
import { patchUpdater } from '../sql/statements.ts';
import type { RowOf } from './prepared.ts';

type Row = RowOf<Tier>;
const toTier = (r: Row): Tier => ({
  id: r.id,
  accountId: r.account_id,
  name: r.name,
  threshold: r.threshold,
  multiplier: r.multiplier,
  entryPoints: r.entry_points,
  perks: r.perks,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});
const columns: Record<string, string> = {
  name: 'name',
  threshold: 'threshold',
  multiplier: 'multiplier',
  entryPoints: 'entry_points',
  perks: 'perks',
  updatedAt: 'updated_at',
  deletedAt: 'deleted_at',
};

const update = patchUpdater('tiers', columns, 'account_id = :accountId AND id = :id');
const q = {
  get: query('SELECT * FROM tiers WHERE account_id = :accountId AND id = :id'),
  list: query('SELECT * FROM tiers WHERE account_id = :accountId AND deleted_at IS NULL ORDER BY threshold, created_at'),
  insert: query(`INSERT INTO tiers (id, account_id, name, threshold, multiplier, entry_points, perks, created_at, updated_at, deleted_at)
    VALUES (:id, :accountId, :name, :threshold, :multiplier, :entryPoints, :perks, :createdAt, :updatedAt, :deletedAt)`),
};

export function tiersRepo(x: Executor): TiersRepo {
  return {
    async get(accountId, id) {
      const r = await x.get<Row>(q.get, { accountId, id });
      return r && toTier(r);
    },
    async list(accountId) {
      return (await x.all<Row>(q.list, { accountId })).map(toTier);
    },
    async insert(tier) {
      await x.run(q.insert, tier);
    },
    async update(accountId, id, patch) {
      const statement = update(patch);
      if (statement) await x.run(statement, { ...patch, accountId, id });
    },
  };
}
