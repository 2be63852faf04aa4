import type { TimelineRepo } from '../../crm/store.port.ts';
import { timelineEvents } from '../schema/index.ts';
import type { Executor } from '../sql/executor.ts';
import { insertInto } from '../sql/statements.ts';

const changed = (n: number) => n > 0;
const insert = insertInto(timelineEvents, { omit: ['id'], conflict: 'ignore' });

export function timelineRepo(x: Executor): TimelineRepo {
  return {
    add: (entry) => x.runAs(insert, { ...entry, data: JSON.stringify(entry.data) }, changed),
  };
}
