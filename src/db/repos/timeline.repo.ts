import type { TimelineRepo } from '../../crm/store.port.ts';
import type { Db } from '../client.ts';
import { timelineEvents } from '../schema/index.ts';
import { bindable, rawInsert } from './prepared.ts';

export function timelineRepo(db: Db): TimelineRepo {
  const insert = rawInsert(db.$client, timelineEvents, { omit: ['id'], conflict: 'ignore' });
  return {
    async add(entry) {
      return insert.run(bindable({ ...entry, data: JSON.stringify(entry.data) })).changes > 0;
    },
  };
}
