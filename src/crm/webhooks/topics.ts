// What a merchant can subscribe a URL to: Rapport's own events, named after the business, each
// from a timeline kind (every interaction is a timeline entry, crm/store.port.ts). A topic's
// payload is the entry: the customer, the subject and the entry's data.

export const WEBHOOK_TOPICS = {
  'customer.created': 'customer_created',
  'points.changed': 'points',
  'points.expiring': 'points_expiring',
  'tier.changed': 'tier_changed',
  'reward.redeemed': 'reward_redeemed',
  'referral.completed': 'referral_completed',
  'segment.entered': 'segment_entered',
  'segment.left': 'segment_left',
  'consent.changed': 'consent_changed',
  'message.sent': 'message_sent',
  'message.bounced': 'message_bounced',
  'message.received': 'message_received',
  'cod.confirmed': 'cod_confirmed',
  'cod.cancelled': 'cod_cancelled',
} as const;

export type WebhookTopic = keyof typeof WEBHOOK_TOPICS;
export const TOPIC_NAMES = Object.keys(WEBHOOK_TOPICS) as WebhookTopic[];

const BY_KIND = new Map<string, WebhookTopic>(Object.entries(WEBHOOK_TOPICS).map(([topic, kind]) => [kind, topic as WebhookTopic]));

/** The topic a timeline kind is published as; undefined for kinds no merchant can subscribe to. */
export const topicOfKind = (kind: string): WebhookTopic | undefined => BY_KIND.get(kind);

/** The timeline kinds that feed webhooks (the event queue's subscription). */
export const WEBHOOK_KINDS: readonly string[] = [...BY_KIND.keys()];
