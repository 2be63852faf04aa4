import type { MessageStatus } from '../../api.ts';

type Tone = 'success' | 'info' | 'attention' | 'critical' | 'warning' | undefined;

/** How a message's status reads at a glance: sent green, waiting neutral, not sent amber, failed red. */
/** `read`: a WhatsApp read receipt in a message's history. */
export function statusTone(status: MessageStatus | 'read'): Tone {
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
  }
}
