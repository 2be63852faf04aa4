import type { MessageEventStatus } from '../../api.ts';

type Tone = 'success' | 'info' | 'attention' | 'critical' | 'warning' | undefined;

/** How a message's status (or an event of it) reads at a glance: sent and engaged green, waiting neutral, not sent amber, failed red. */
export function statusTone(status: MessageEventStatus): Tone {
  switch (status) {
    case 'sent':
    case 'delivered':
    case 'read':
      return 'success';
    case 'queued':
    case 'sending':
      return 'info';
    case 'suppressed':
      return 'attention';
    case 'failed':
    case 'bounced':
      return 'critical';
    case 'opened':
    case 'clicked':
      return 'success';
    case 'unsubscribed':
      return 'warning';
    case 'complained':
      return 'critical';
  }
}
