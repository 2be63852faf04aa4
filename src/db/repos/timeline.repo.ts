import type { TimelineRepo } from '../../crm/store.port.ts';
import type { Db } from '../client.ts';
import { timelineEvents } from '../schema/index.ts';

export function timelineRepo(db: Db): TimelineRepo {
  return {
    async add(entry) {
      db.insert(timelineEvents).values({ ...entry, data: JSON.stringify(entry.data) }).onConflictDoNothing().run();
    },
  };
}
