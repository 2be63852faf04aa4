import type { Repos } from '../../crm/store.port.ts';
import type { Program } from '../../crm/loyalty/program.settings.ts';
import type { Executor } from '../sql/executor.ts';
import { campaignsRepo } from './campaigns.repo.ts';
import { complianceRepo } from './compliance.repo.ts';
import { connectionsRepo } from './connections.repo.ts';
import { consentsRepo } from './consents.repo.ts';
import { customersRepo } from './customers.repo.ts';
import { eventQueueRepo } from './event-queue.repo.ts';
import { flowsRepo } from './flows.repo.ts';
import { webhookTopicsRepo } from './webhook-topics.repo.ts';
import { automationTriggersRepo } from './automation-triggers.repo.ts';
import { ledgerRepo } from './ledger.repo.ts';
import { messagesRepo } from './messages.repo.ts';
import { inboundMessagesRepo } from './inbound-messages.repo.ts';
import { codRepo } from './cod.repo.ts';
import { catalogueRepo } from './catalogue.repo.ts';
import { checkoutsRepo } from './checkouts.repo.ts';
import { ticketsRepo } from './tickets.repo.ts';
import { membersRepo, orderAwardsRepo, programsRepo } from './loyalty-program.repo.ts';
import { ordersRepo } from './orders.repo.ts';
import { pointsCampaignsRepo } from './points-campaigns.repo.ts';
import { referralsRepo } from './referrals.repo.ts';
import { redemptionsRepo, rewardsRepo } from './rewards.repo.ts';
import { segmentMembershipRepo } from './segment-membership.repo.ts';
import { tiersRepo } from './tiers.repo.ts';
import { timelineRepo } from './timeline.repo.ts';

/** What the repositories remember across units of work (a PostgreSQL store binds them per unit). */
export type RepoMemory = { currencies: Map<string, string>; programs: Map<string, Program> };

export const repoMemory = (): RepoMemory => ({ currencies: new Map(), programs: new Map() });

/** Every CRM repository, running its statements through `x`: the same code on SQLite and PostgreSQL. */
export function bindRepos(x: Executor, o: { tombstoneKey: Buffer; memory: RepoMemory; onErased: () => void }): Repos {
  return {
    loyalty: {
      ledger: ledgerRepo(x),
      programs: programsRepo(x, o.memory.programs),
      members: membersRepo(x),
      orderAwards: orderAwardsRepo(x),
      tiers: tiersRepo(x),
      rewards: rewardsRepo(x),
      redemptions: redemptionsRepo(x),
      referrals: referralsRepo(x),
      campaigns: pointsCampaignsRepo(x),
    },
    customers: customersRepo(x),
    orders: ordersRepo(x),
    timeline: timelineRepo(x),
    compliance: complianceRepo(x, o.tombstoneKey, { onErased: o.onErased }),
    connections: connectionsRepo(x, o.memory.currencies),
    consents: consentsRepo(x),
    segments: segmentMembershipRepo(x),
    messages: messagesRepo(x),
    eventQueue: eventQueueRepo(x),
    webhookTopics: webhookTopicsRepo(x),
    flows: flowsRepo(x),
    campaigns: campaignsRepo(x),
    inbound: inboundMessagesRepo(x),
    cod: codRepo(x),
    catalogue: catalogueRepo(x),
    automationTriggers: automationTriggersRepo(x),
    checkouts: checkoutsRepo(x),
    tickets: ticketsRepo(x),
  };
}
