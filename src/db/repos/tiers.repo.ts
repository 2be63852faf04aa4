import type { Tier, TiersRepo } from '../../crm/loyalty/loyalty.port.ts';
import type { Db } from '../client.ts';
import { patchUpdater, type RowOf } from './prepared.ts';

type Row = RowOf<Tier>;
const toTier = (r: Row): Tier => ({
  id: r.id, accountId: r.account_id, name: r.name, threshold: r.threshold, multiplier: r.multiplier, entryPoints: r.entry_points,
  perks: r.perks, createdAt: r.created_at, updatedAt: r.updated_at, deletedAt: r.deleted_at,
});
const columns: Record<string, string> = {
  name: 'name', threshold: 'threshold', multiplier: 'multiplier', entryPoints: 'entry_points', perks: 'perks', updatedAt: 'updated_at', deletedAt: 'deleted_at',
};

export function tiersRepo(db: Db): TiersRepo {
  const update = patchUpdater(db.$client, 'tiers', columns, 'account_id = @accountId AND id = @id');
  const s = db.$client;
  const q = {
    get: s.prepare('SELECT * FROM tiers WHERE account_id = ? AND id = ?'),
    list: s.prepare('SELECT * FROM tiers WHERE account_id = ? AND deleted_at IS NULL ORDER BY threshold, created_at'),
    insert: s.prepare(`INSERT INTO tiers (id, account_id, name, threshold, multiplier, entry_points, perks, created_at, updated_at, deleted_at)
      VALUES (@id, @accountId, @name, @threshold, @multiplier, @entryPoints, @perks, @createdAt, @updatedAt, @deletedAt)`),
  };
  return {
    async get(accountId, id) {
      const r = q.get.get(accountId, id) as Row | undefined;
      return r && toTier(r);
    },
    async list(accountId) {
      return (q.list.all(accountId) as Row[]).map(toTier);
    },
    async insert(tier) {
      q.insert.run(tier);
    },
    async update(accountId, id, patch) {
      update(patch)?.run({ ...patch, accountId, id });
    },
  };
}
