import { newId } from '../../lib/ids.ts';
import type { Repos } from '../store.port.ts';
import type { NewMessage, QueueOutcome } from './messages.port.ts';

// Queueing a message: its content is already rendered (templates, crm/messaging/templates), the
// consent is checked when it is sent, not here (sender.service.ts), so queueing early never sends late to someone who left.

export async function queueMessage(repos: Repos, message: NewMessage, now: string, id: string = newId('msg')): Promise<QueueOutcome> {
  return repos.messages.queue(id, { ...message, to: addressOf(message.channel, message.to) }, now);
}

/** Addresses are kept as they are compared: emails lower-cased and trimmed (suppressions key on them). */
export function addressOf(channel: string, to: string): string {
  return channel === 'email' ? to.trim().toLowerCase() : to.trim();
}
