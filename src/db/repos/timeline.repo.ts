import type { TimelineRepo } from '../../crm/store.port.ts';
import type { Db } from '../client.ts';
import { timelineEvents } from '../schema/index.ts';
import { bindable, placeholders } from './prepared.ts';

export function timelineRepo(db: Db): TimelineRepo {
  const insert = db.insert(timelineEvents).values(placeholders(timelineEvents, ['id']) as never).onConflictDoNothing().prepare();
  return {
    async add(entry) {
      return insert.run(bindable({ ...entry, data: JSON.stringify(entry.data) })).changes > 0;
    },
  };
}
