// What membership changes put on a customer's timeline (`timeline_events.kind`). The messaging
// flows listen to these kinds; `data` is the segment and, for the daily check's corrections,
// `repair: true` (the change happened some time since the last event, not at `occurredAt`).

export const SEGMENT_EVENTS = ['segment_entered', 'segment_left'] as const;
export type SegmentEventKind = (typeof SEGMENT_EVENTS)[number];

export type SegmentEventData = { segmentId: string; name: string; repair?: true };
